import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach } from 'vitest';
import { startFaultProxy, type FaultProxy } from './fault-proxy.js';
import { motoEnv, startMoto, type Moto } from '../sources/aws/moto.js';

/**
 * moto_server behind the fault proxy, both on loopback, and the environment that points the CLI
 * at the proxy with its own empty HOME and shared AWS files (so no profile of the machine leaks in).
 * `seed` fills moto before the proxy starts.
 */
export interface ProxiedMoto {
  moto: Moto;
  proxy: FaultProxy;
  /** A temporary folder, the CLI's HOME; removed by stop(). */
  scratch: string;
  env: Record<string, string>;
  stop(): Promise<void>;
}

/** The CLI's environment for moto, with `scratch` as its HOME and AWS files, so no profile of the machine leaks in. */
export function isolatedEnv(moto: Moto, scratch: string): Record<string, string> {
  return { ...motoEnv(moto), HOME: scratch, AWS_CONFIG_FILE: join(scratch, 'config'), AWS_SHARED_CREDENTIALS_FILE: join(scratch, 'credentials') };
}

export async function startProxiedMoto(name: string, seed: (moto: Moto) => Promise<void>): Promise<ProxiedMoto> {
  const moto = await startMoto();
  await seed(moto);
  const proxy = await startFaultProxy({ upstream: moto.endpoint });
  const scratch = mkdtempSync(join(tmpdir(), `vigil-${name}-`));
  const env = { ...isolatedEnv(moto, scratch), AWS_ENDPOINT_URL: proxy.endpoint };
  return {
    moto,
    proxy,
    scratch,
    env,
    async stop() {
      await proxy.stop();
      await moto.stop();
      rmSync(scratch, { recursive: true, force: true });
    },
  };
}

/**
 * One proxied moto for a whole test file: started before its tests, stopped after them, and the
 * proxy's rules and requests cleared before each test. The fields are set once `beforeAll` has run.
 */
export function useProxiedMoto(name: string, seed: (moto: Moto) => Promise<void>): ProxiedMoto {
  const lab = {} as ProxiedMoto;
  beforeAll(async () => {
    Object.assign(lab, await startProxiedMoto(name, seed));
  }, 60_000);
  afterAll(async () => {
    await lab.stop?.();
  });
  beforeEach(() => {
    lab.proxy.setRules([]);
    lab.proxy.reset();
  });
  return lab;
}

/** moto without the proxy, seeded once for a test file; `seeded` is what `seed` returned. */
export interface SeededMoto<T> {
  moto: Moto;
  scratch: string;
  env: Record<string, string>;
  seeded: T;
}

/** Starts and seeds moto before a test file's tests and stops it after them. The fields are set once `beforeAll` has run. */
export function useSeededMoto<T>(name: string, seed: (endpoint: string) => Promise<T>): SeededMoto<T> {
  const lab = {} as SeededMoto<T>;
  beforeAll(async () => {
    lab.moto = await startMoto();
    lab.seeded = await seed(lab.moto.endpoint);
    lab.scratch = mkdtempSync(join(tmpdir(), `vigil-${name}-`));
    lab.env = isolatedEnv(lab.moto, lab.scratch);
  }, 90_000);
  afterAll(async () => {
    await lab.moto?.stop();
    if (lab.scratch) rmSync(lab.scratch, { recursive: true, force: true });
  });
  return lab;
}

/** A seeding call that fails names itself, so a gap of the emulator is plain. */
export async function seedStep<T>(what: string, call: Promise<T>): Promise<T> {
  try {
    return await call;
  } catch (error) {
    throw new Error(`seeding ${what}: ${(error as Error).message}`);
  }
}

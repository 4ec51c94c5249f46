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

export async function startProxiedMoto(name: string, seed: (moto: Moto) => Promise<void>): Promise<ProxiedMoto> {
  const moto = await startMoto();
  await seed(moto);
  const proxy = await startFaultProxy({ upstream: moto.endpoint });
  const scratch = mkdtempSync(join(tmpdir(), `vigil-${name}-`));
  const env = {
    ...motoEnv(moto),
    AWS_ENDPOINT_URL: proxy.endpoint,
    HOME: scratch,
    AWS_CONFIG_FILE: join(scratch, 'config'),
    AWS_SHARED_CREDENTIALS_FILE: join(scratch, 'credentials'),
  };
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

import type { Block, Expr } from './ast.js';
import { isUnknown, unknown, type Value, type ValueObject } from '../../model/value.js';

/**
 * Which provider configuration a resource uses, and which ones a module call hands to the
 * module it calls. A configuration is named as Terraform names it: `aws` for the default one,
 * `aws.eu` for `provider "aws" { alias = "eu" }`.
 */

/** The region a named provider configuration gives, or undefined when the module has no such configuration. */
export type ProviderRegionLookup = (key: string) => Value | undefined;

/** `aws`, `aws.eu` (also written as the strings `"aws"`, `"aws.eu"`) → the configuration's name. */
export function providerReference(expr: Expr): string | undefined {
  if (expr.kind === 'variable') return expr.name;
  if (expr.kind === 'getattr' && expr.object.kind === 'variable') return `${expr.object.name}.${expr.name}`;
  if (expr.kind === 'literal' && typeof expr.value === 'string') return expr.value;
  if (expr.kind === 'template' && expr.parts.length === 1 && expr.parts[0]!.kind === 'text') return expr.parts[0]!.value;
  return undefined;
}

/** The configuration a resource block uses: its `provider` argument, else the default one of its type's provider. */
export function resourceProviderKey(type: string, block: Block): string {
  const given = block.body.attributes.find((a) => a.name === 'provider');
  const named = given ? providerReference(given.expr) : undefined;
  const underscore = type.indexOf('_');
  return named ?? (underscore > 0 ? type.slice(0, underscore) : type);
}

/** The name a provider block declares: `aws`, or `aws.eu` with an alias. */
export function providerBlockKey(block: Block): string | undefined {
  const name = block.labels[0];
  if (!name) return undefined;
  const alias = block.body.attributes.find((a) => a.name === 'alias');
  const aliasName = alias ? providerReference(alias.expr) : undefined;
  return aliasName ? `${name}.${aliasName}` : name;
}

/**
 * The configurations a module call passes: those its `providers` argument lists, or, without
 * that argument, the caller's default (unaliased) configurations, as Terraform does.
 */
export function passedProviders(call: Block, caller: (key: string) => Value): { lookup: ProviderRegionLookup; problems: string[] } {
  const attr = call.body.attributes.find((a) => a.name === 'providers');
  if (!attr) return { lookup: (key) => (key.includes('.') ? undefined : caller(key)), problems: [] };
  const problems: string[] = [];
  const mapping = new Map<string, string>();
  if (attr.expr.kind !== 'object') {
    problems.push('providers must be a map of provider configurations, like { aws = aws.eu }');
  } else {
    for (const item of attr.expr.items) {
      const inner = providerReference(item.key);
      const outer = providerReference(item.value);
      if (inner && outer) mapping.set(inner, outer);
      else problems.push('each providers entry maps a provider name to a configuration, like aws = aws.eu');
    }
  }
  return {
    lookup: (key) => {
      const outer = mapping.get(key);
      return outer === undefined ? undefined : caller(outer);
    },
    problems,
  };
}

/** The region a provider block sets, as a value: a missing or null `region` is unknown, with where to look. */
export function regionFromProvider(key: string, where: string, region: Value | undefined): Value {
  if (region === undefined || region === null) {
    return unknown(`provider "${key}" (${where}) sets no region: it comes from AWS_REGION or the AWS profile at apply time`);
  }
  if (isUnknown(region)) return unknown(`the region of provider "${key}" (${where}) is not known: ${region.reason}`);
  return region;
}

/** Why a resource has no region when no configuration of that name is in reach. */
export function regionWithoutProvider(key: string): Value {
  return key.includes('.')
    ? unknown(`provider configuration "${key}" is not declared in this module nor passed to it, so its region is not known`)
    : unknown(`no provider "${key}" block sets the region: it comes from AWS_REGION or the AWS profile at apply time`);
}

/**
 * `data "aws_region"`: the region it names (`region`, or `name` before provider v6), else the
 * region of its provider configuration. No call to AWS is needed for either.
 */
export function regionDataAttributes(attributes: ValueObject, providerRegion: Value | undefined): ValueObject {
  const given = [attributes.region, attributes.name].find((v) => v !== undefined && v !== null);
  const region = given ?? providerRegion ?? unknown('data "aws_region" has no provider configuration to take its region from');
  return { name: region, id: region, region };
}

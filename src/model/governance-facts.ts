import { allowedRegions, deniesAll, documentFact, type Statement } from './policy.js';
import { unknown, type Value, type ValueObject } from './value.js';

/**
 * Facts both sources derive the same way for the organisation checks: what a service control
 * policy denies, and how long an Identity Center session lasts.
 */

/** The facts every service control policy carries, shared with the AWS source. */
export function scpFacts(document: Value | undefined): ValueObject {
  const denies = (actions: string[]) => (statements: Statement[]) => deniesAll(statements, actions);
  return {
    denies_leave_organization: documentFact(document, denies(['organizations:LeaveOrganization']), false),
    denies_cloudtrail_changes: documentFact(document, denies(['cloudtrail:StopLogging', 'cloudtrail:DeleteTrail']), false),
    denies_guardduty_changes: documentFact(document, denies(['guardduty:DeleteDetector', 'guardduty:DisassociateFromMasterAccount']), false),
    denies_config_changes: documentFact(document, denies(['config:StopConfigurationRecorder', 'config:DeleteConfigurationRecorder']), false),
    allowed_regions: documentFact(document, allowedRegions, []),
  };
}

/** ISO 8601 durations as Identity Center takes them: PT1H, PT12H, PT90M, PT1H30M. */
export function durationHours(duration: Value): Value {
  if (typeof duration !== 'string') return duration ?? null;
  const match = /^PT(?:(\d+)H)?(?:(\d+)M)?(?:(\d+)S)?$/.exec(duration);
  if (!match) return unknown(`session duration ${JSON.stringify(duration)} is not an ISO 8601 duration`);
  return Number(match[1] ?? 0) + Number(match[2] ?? 0) / 60 + Number(match[3] ?? 0) / 3600;
}

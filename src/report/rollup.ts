/**
 * The roll-up is computed in the engine (src/engine/rollup.ts), beside the frameworks; reports only
 * render it. This module keeps the report layer's old import path for its types.
 */
export {
  ATTESTATION_STATES,
  AUTOMATED_STATUSES,
  REQUIREMENT_STATUSES,
  requirementStatusLabel,
  type AttestationState,
  type AutomatedStatus,
  type ReportAttestation,
  type ReportFramework,
  type ReportManualPart,
  type ReportRequirement,
  type RequirementStatus,
} from '../engine/rollup.js';

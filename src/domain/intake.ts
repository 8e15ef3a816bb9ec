/** @module What became of a vendor payload in the intake feed (docs/decisions/0031-intake-feed.md). */

export const INTAKE_STATUSES = ['received', 'promoted', 'stale', 'skipped', 'failed'] as const;
export type IntakeStatus = (typeof INTAKE_STATUSES)[number];

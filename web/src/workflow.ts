/**
 * @module The status workflow, imported from the service's own pure domain module so that the page
 * offers exactly the moves the API accepts (docs/decisions/0081-dashboard-workflow-source.md).
 */
export {
  canTransition,
  FULFILLMENT_STATUSES,
  ORDER_STATUSES,
  PAYMENT_STATUSES,
  STATUS_MACHINES,
  type StatusField,
} from '../../src/domain/order-status';

import { STATUS_MACHINES, type StatusField } from '../../src/domain/order-status';

/** The states a field may move to from `current` (the current one excluded: that is a no-op). */
export function nextStates(field: StatusField, current: string): readonly string[] {
  return (STATUS_MACHINES[field] as Record<string, readonly string[]>)[current] ?? [];
}

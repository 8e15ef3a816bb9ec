/** @module Request schemas of the order routes. */
import { Type } from '@sinclair/typebox';
import { ORDER_ID_PATTERN } from '../../domain/ids.js';
import { OrderFilterQueryProperties } from '../order-filter-query.js';

export {
  OrderInput as OrderCreateBody,
  OrderReplaceInput as OrderReplaceBody,
} from '../../domain/order-input.js';

export const OrderIdParams = Type.Object({
  id: Type.String({ minLength: 1, maxLength: 100, description: `Order id (${ORDER_ID_PATTERN})` }),
});

export const OrderCreatedResponse = Type.Object({
  success: Type.Literal(true),
  message: Type.String(),
  timestamp: Type.String({ format: 'date-time' }),
  data: Type.Object({ id: Type.String(), order_number: Type.String() }),
});

export const OrdersListQuery = Type.Object(
  {
    page: Type.Integer({ minimum: 1, maximum: 1_000_000, default: 1, description: 'Page number' }),
    limit: Type.Integer({ minimum: 1, maximum: 100, default: 20, description: 'Items per page (max 100)' }),
    cursor: Type.Optional(
      Type.String({
        maxLength: 2000,
        description:
          'Cursor mode: empty for the first page, then the previous page’s `pagination.next_cursor`',
      }),
    ),
    ...OrderFilterQueryProperties,
  },
  { additionalProperties: false },
);

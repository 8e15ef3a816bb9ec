/**
 * @module `generic-orders`: payloads that already have the unified shape (the create body of
 * `POST /api/v1/orders`), from any system that can map its own orders. `source_transaction_id` is
 * required: it is the vendor order id that makes redelivery idempotent.
 */
import { Ajv } from 'ajv';
import ajvFormats from 'ajv-formats';
import { checkOrderInput, OrderInput, toOrderFields } from '../domain/order-input.js';
import type { SourceNormalizer } from './source-normalizer.js';
import { NormalizationError, object, plainJson } from './vendor-json.js';

// ajv-formats is CommonJS with a `default` export; under NodeNext its default import is the module.
const addFormats = ajvFormats as unknown as typeof ajvFormats.default;
const ajv = new Ajv({ allErrors: false, strict: false, coerceTypes: false });
addFormats(ajv);
const validateOrderInput = ajv.compile<OrderInput>(OrderInput);

/** Ajv's `/products/0/price` → `products[0].price`, as the API's errors name fields. */
const fieldPath = (instancePath: string) =>
  instancePath
    .split('/')
    .filter(Boolean)
    .reduce((name, part) => (/^\d+$/.test(part) ? `${name}[${part}]` : name ? `${name}.${part}` : part), '');

export const genericNormalizer: SourceNormalizer = {
  source: 'generic',
  normalize(raw) {
    // The install is the source; whatever `source` the payload names is not ours to keep.
    const input = { ...object(plainJson(raw), 'order'), source: 'install' };
    if (!validateOrderInput(input)) {
      const [error] = validateOrderInput.errors ?? [];
      const missing =
        error?.params && 'missingProperty' in error.params ? `.${error.params.missingProperty}` : '';
      throw new NormalizationError(
        `${fieldPath(error?.instancePath ?? '')}${missing}`.replace(/^\./, '') || 'order',
        error?.message ?? 'is invalid',
      );
    }
    const [field, problem] = Object.entries(checkOrderInput(input))[0] ?? [];
    if (field && problem) {
      throw new NormalizationError(field, problem);
    }
    const fields = toOrderFields(input);
    if (!fields.source_transaction_id) {
      throw new NormalizationError(
        'source_transaction_id',
        'is required: it identifies the order for updates',
      );
    }
    return {
      vendorOrderId: fields.source_transaction_id,
      vendorTimestamp: fields.source_timestamp,
      fields,
    };
  },
};

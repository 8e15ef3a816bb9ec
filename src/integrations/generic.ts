/**
 * @module `generic-orders`: payloads that already have the unified shape (the create body of
 * `POST /api/v1/orders`), from any system that can map its own orders. `source_transaction_id` is
 * required: it is the vendor order id that makes redelivery idempotent.
 */
import { Ajv } from 'ajv';
import ajvFormats from 'ajv-formats';
import { checkOrderInput, OrderInput, toOrderFields } from '../domain/order-input.js';
import { validationDetails } from '../errors.js';
import type { SourceNormalizer } from './source-normalizer.js';
import { NormalizationError, object, plainJson } from './vendor-json.js';

// ajv-formats is CommonJS with a `default` export; under NodeNext its default import is the module.
const addFormats = ajvFormats as unknown as typeof ajvFormats.default;
const ajv = new Ajv({ allErrors: true, strict: false, coerceTypes: false });
addFormats(ajv);
const validateOrderInput = ajv.compile<OrderInput>(OrderInput);

export const genericNormalizer: SourceNormalizer = {
  source: 'generic',
  normalize(raw) {
    // The install is the source; whatever `source` the payload names is not ours to keep.
    const input = { ...object(plainJson(raw), 'order'), source: 'install' };
    if (!validateOrderInput(input)) {
      // The same field names and messages as the API's 422 for this body.
      const [field, problem] =
        Object.entries(validationDetails(validateOrderInput.errors ?? [], 'order'))[0] ?? [];
      throw new NormalizationError(field ?? 'order', String(problem ?? 'is invalid'));
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

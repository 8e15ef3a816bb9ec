/** @module Small schema helpers shared by the route schemas. */
import { type TSchema, Type } from '@sinclair/typebox';

export const Nullable = <T extends TSchema>(schema: T) => Type.Union([schema, Type.Null()]);

/** An optional field that may also be sent as null ("no value"). */
export const OptionalNullable = <T extends TSchema>(schema: T) => Type.Optional(Nullable(schema));

export const ErrorBody = Type.Object({
  code: Type.Integer({ description: 'HTTP status code' }),
  error: Type.String({ description: 'What went wrong, or a machine code such as INVALID_AUTH' }),
  details: Type.Object({}, { additionalProperties: true, description: 'Field → message, or context' }),
});

/** The error responses every authenticated route can give. */
export const commonErrors = {
  400: ErrorBody,
  401: ErrorBody,
  403: ErrorBody,
  422: ErrorBody,
} as const;

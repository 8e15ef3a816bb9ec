/** A valid create body in the contract's example shape; override any field. */
export function orderBody(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    source: 'manual',
    customer_name: 'Sarah Smith',
    customer_email: 'sarah@example.com',
    customer_phone: '+966509876543',
    products: [{ product_id: 'prd_001', name: 'Product One', quantity: 2, price: 29.99 }],
    subtotal: 59.98,
    tax: 9.0,
    delivery_fee: 15.0,
    total_amount: 83.98,
    currency: 'SAR',
    status: 'pending',
    payment_status: 'pending',
    ...overrides,
  };
}

/** Creates one order for the tenant key and returns its id. */
export async function createOrder(
  app: { call: (method: string, path: string, options?: any) => Promise<{ status: number; body: any }> },
  key: string,
  overrides: Record<string, unknown> = {},
): Promise<string> {
  const response = await app.call('POST', '/api/v1/orders', { key, body: orderBody(overrides) });
  if (response.status !== 201) {
    throw new Error(`create failed: ${response.status} ${JSON.stringify(response.body)}`);
  }
  return response.body.data.id;
}

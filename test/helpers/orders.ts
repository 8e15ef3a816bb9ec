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

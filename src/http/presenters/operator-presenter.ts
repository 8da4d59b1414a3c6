// Who runs this installation, as every page shows it: the footer, the statements, the about page.
import type { Operator } from '../../config.js';

/**
 * The operator as templates use it; `named` false means placeholders a page must call placeholders.
 * Frozen: the foot of every page is rendered from it once (view-fragments.ts).
 */
export function operatorView(operator: Operator) {
  return Object.freeze({
    name: operator.name,
    address: operator.address,
    email: operator.email,
    mailtoHref: `mailto:${operator.email}`,
    named: operator.named,
  });
}
export type OperatorView = ReturnType<typeof operatorView>;

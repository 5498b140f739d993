declare const checked: unique symbol;

/**
 * A record the shared route handler loaded and found in the caller's scope. Only lib/auth/scope.ts makes one
 * (ESLint forbids `as Checked` anywhere else), and the domain functions that change a child or a flag take only
 * this type: an unchecked record cannot reach a write.
 */
export type Checked<T> = T & { readonly [checked]: true };

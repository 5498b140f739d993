import type { Principal } from '../auth/principal';
import type { Auditor } from '../domain/audit';

/**
 * Who asks, as the shared route handler established them (lib/http/handler.ts: authenticated, role checked, the
 * route's record loaded and found in their scope), and how their request is audited.
 */
export interface Caller<P extends Principal = Principal> {
  principal: P;
  audit: Auditor;
}

/** What every list is asked: how many at most, and after which page. */
export interface PageQuery {
  limit?: number | undefined;
  cursor?: string | undefined;
}

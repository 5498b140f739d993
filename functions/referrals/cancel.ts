import { routes } from '../../lib/api/routes';
import { httpHandler } from '../../lib/http/handler';
import { moveAndAnswer } from './move';

export const handler = httpHandler(routes.cancelReferral, (request) => moveAndAnswer('cancel', request.body, request));

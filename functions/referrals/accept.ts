import { routes } from '../../lib/api/routes';
import { httpHandler } from '../../lib/http/handler';
import { moveAndAnswer } from './move';

export const handler = httpHandler(routes.acceptReferral, (request) => moveAndAnswer('accept', {}, request));

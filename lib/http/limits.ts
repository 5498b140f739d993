/**
 * The largest request body any route accepts. The biggest legitimate one, a visit with every note at its
 * limit, is under 20 KiB; anything far larger is a mistake or an attack and never reaches the parser.
 */
export const MAX_BODY_BYTES = 64 * 1024;

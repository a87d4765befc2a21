/** An error the API answers with `{error: {code, message}}` and an HTTP status. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

export function errorBody(e: ApiError): { error: { code: string; message: string } } {
  return { error: { code: e.code, message: e.message } };
}

/** Fastify's own errors, mapped to our codes. */
const FASTIFY_CODES: Record<string, [number, string]> = {
  FST_ERR_CTP_BODY_TOO_LARGE: [413, 'body_too_large'],
  FST_ERR_CTP_INVALID_MEDIA_TYPE: [415, 'unsupported_media_type'],
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: [400, 'bad_request'],
  FST_ERR_CTP_EMPTY_JSON_BODY: [400, 'bad_json'],
  FST_ERR_CTP_INVALID_JSON_BODY: [400, 'bad_json'],
  FST_ERR_CTP_EMPTY_TYPE: [415, 'unsupported_media_type'],
  FST_ERR_CTP_INVALID_TYPE: [415, 'unsupported_media_type'],
  FST_ERR_BAD_URL: [400, 'bad_request'],
  FST_ERR_ASYNC_CONSTRAINT: [400, 'bad_request'],
  FST_ERR_VALIDATION: [400, 'invalid_request'],
};

const MESSAGES: Record<string, string> = {
  body_too_large: 'the request body is larger than the limit',
  unsupported_media_type: 'send text/plain (UTF-8) or application/json',
};

export function toApiError(err: unknown): ApiError {
  if (err instanceof ApiError) return err;
  const e = err as { code?: string; statusCode?: number; message?: string; name?: string } | null;
  const code = e?.code;
  if (code && FASTIFY_CODES[code]) {
    const [status, c] = FASTIFY_CODES[code];
    let msg = e?.message ?? MESSAGES[c] ?? c;
    if (c === 'body_too_large') msg = `${MESSAGES[c]} (${msg})`;
    if (c === 'unsupported_media_type') msg = `${msg}; ${MESSAGES[c]}`;
    return new ApiError(status, c, msg);
  }
  // JSON.parse errors from the body parser
  if (e instanceof SyntaxError || (e?.statusCode === 400 && /JSON/i.test(e?.message ?? ''))) {
    return new ApiError(400, 'bad_json', `the body is not valid JSON: ${e?.message ?? ''}`);
  }
  const status = e?.statusCode;
  if (typeof status === 'number' && status >= 400 && status < 500) return new ApiError(status, 'bad_request', e?.message ?? 'bad request');
  return new ApiError(500, 'internal', 'internal error: ' + (e?.message ?? String(err)));
}

/**
 * Problem details (RFC 9457) for every error the server returns: a JSON body
 * with type, title, status, detail, `instance` (the request's path as sent,
 * without its query; a failed run's, the run's path) and, for a bad field,
 * `field` (a dotted path into the request, e.g. `monteCarlo.iterations` or
 * `overrides.schemes[0].fraction`) and `errors` (one entry per problem, each
 * with its own field).
 */
import type { ErrorRequestHandler, Request, RequestHandler, Response } from 'express';
import { STATUS_CODES, maxHeaderSize } from 'node:http';
import type { Duplex } from 'node:stream';
import { z } from 'zod';
import { UserError } from '../errors.js';
import { boundMessage } from '../scenario/messages.js';

export interface FieldError {
  field?: string;
  message: string;
}

export interface Problem {
  type: string;
  title: string;
  status: number;
  detail: string;
  instance?: string;
  field?: string;
  errors?: FieldError[];
  /** Extension members (RFC 9457 §3.2), e.g. how to resubmit an evicted run. */
  [extension: string]: unknown;
}

const TITLES: Record<number, string> = {
  400: 'Bad request',
  404: 'Not found',
  405: 'Method not allowed',
  406: 'Not acceptable',
  408: 'Request timeout',
  409: 'Conflict',
  410: 'Gone',
  413: 'Request body too large',
  415: 'Unsupported media type',
  431: 'Request header fields too large',
  500: 'Internal server error',
  501: 'Not implemented',
  503: 'Service unavailable',
};

/** An error that becomes a problem response. */
export class HttpProblem extends Error {
  constructor(
    readonly status: number,
    detail: string,
    readonly errors: FieldError[] = [],
    readonly slug?: string,
    /** Extension members of the problem body, and response headers (e.g. Retry-After). */
    readonly extra: { members?: Record<string, unknown>; headers?: Record<string, string> } = {},
  ) {
    super(detail);
    this.name = 'HttpProblem';
  }
}

export function badRequest(detail: string, errors: FieldError[] = []): HttpProblem {
  return new HttpProblem(400, detail, errors);
}

export function notFound(detail: string): HttpProblem {
  return new HttpProblem(404, detail);
}

/**
 * 500 for a scenario file of the server's that does not load (bad YAML, a
 * field the schema refuses): the server's fault, so no field of the request
 * is named; the loader's lines (file, line, field) are kept for whoever
 * keeps the files.
 */
export function brokenScenarioFile(file: string, e: UserError): HttpProblem {
  const detail = `the server's scenario file ${file} is broken (a fault on the server, not in the request): ${e.problems.join('; ')}`;
  return new HttpProblem(500, detail, e.problems.map((message) => ({ message })), 'broken-scenario-file', { members: { scenarioFile: file } });
}

function slugOf(status: number): string {
  return (TITLES[status] ?? 'Error').toLowerCase().replace(/[^a-z]+/g, '-');
}

/** The problem body for a status and detail. */
export function problemBody(status: number, detail: string, errors: FieldError[] = [], instance?: string, slug?: string, members: Record<string, unknown> = {}): Problem {
  return {
    type: `/problems/${slug ?? slugOf(status)}`,
    title: TITLES[status] ?? 'Error',
    status,
    detail,
    ...(instance ? { instance } : {}),
    ...(errors[0]?.field ? { field: errors[0].field } : {}),
    ...(errors.length ? { errors } : {}),
    ...members,
  };
}

export function sendProblem(res: Response, status: number, detail: string, errors: FieldError[] = [], instance?: string, slug?: string, extra: HttpProblem['extra'] = {}): void {
  const body = problemBody(status, detail, errors, instance, slug, extra.members);
  res.status(status).type('application/problem+json').set('Cache-Control', 'no-store');
  if (extra.headers) res.set(extra.headers);
  res.send(JSON.stringify(body));
}

/**
 * The problem a request error stands for (an HttpProblem, or a scenario
 * UserError as a 400 naming fields), or undefined for anything else (a
 * programmer error). Used by the error handler and by the pool's workers,
 * whose errors cross a thread as plain data.
 */
export function problemOf(err: unknown, overridesLabel = 'request body overrides'): Problem | undefined {
  if (err instanceof HttpProblem) return problemBody(err.status, err.message, err.errors, undefined, err.slug, err.extra.members);
  if (err instanceof UserError) {
    const errors = userErrors(err, overridesLabel);
    return problemBody(400, errors.map((e) => e.message).join('; '), errors);
  }
  return undefined;
}

/** A problem body back into an error (from a worker), to be thrown on this thread. */
export function fromProblem(p: Problem): HttpProblem {
  const { type, title: _t, status, detail, instance: _i, field: _f, errors, ...members } = p;
  return new HttpProblem(status, detail, errors ?? [], type.replace(/^\/problems\//, ''), { members });
}

/** `a.b[0].c` from a zod issue path, under an optional prefix. */
export function dotted(path: readonly PropertyKey[], prefix = ''): string {
  let out = prefix;
  for (const p of path) {
    if (typeof p === 'number') out += `[${p}]`;
    else out += out ? `.${String(p)}` : String(p);
  }
  return out;
}

/**
 * Zod issues → field errors, unknown keys named one by one, and numbers out
 * of bounds in the units typed (the scenario loader's wording, from `value`:
 * what was parsed).
 */
export function zodErrors(error: z.ZodError, prefix = '', value?: unknown): FieldError[] {
  return tightest(error.issues).flatMap((issue): FieldError[] => {
    if (issue.code === 'unrecognized_keys') {
      return issue.keys.map((k) => {
        const field = dotted([...issue.path, k], prefix);
        return { field, message: `${field}: unknown field '${k}'` };
      });
    }
    const field = dotted(issue.path, prefix) || prefix || '(body)';
    const message = issue.code === 'too_small' || issue.code === 'too_big' ? boundMessage(issue, valueAt(value, issue.path)) : issue.message;
    return [{ field, message: `${field}: ${message}` }];
  });
}

/**
 * The issues less any bound that a tighter one on the same field and side
 * makes idle: 1e20 iterations break both a whole number's safe range and the
 * field's own maximum, and only the field's is worth saying.
 */
function tightest(issues: readonly z.core.$ZodIssue[]): z.core.$ZodIssue[] {
  const limit = (i: z.core.$ZodIssue): number | undefined => (i.code === 'too_big' ? Number(i.maximum) : i.code === 'too_small' ? -Number(i.minimum) : undefined);
  return issues.filter((a, ai) => {
    const la = limit(a);
    if (la === undefined) return true;
    const field = dotted(a.path);
    return !issues.some((b, bi) => {
      const lb = limit(b);
      return b.code === a.code && lb !== undefined && dotted(b.path) === field && (lb < la || (lb === la && bi < ai));
    });
  });
}

function valueAt(root: unknown, path: readonly PropertyKey[]): unknown {
  let v = root;
  for (const k of path) v = v !== null && typeof v === 'object' ? (v as Record<PropertyKey, unknown>)[k] : undefined;
  return v;
}

/** Parse `value` with `schema` or throw a 400 naming every bad field (its detail headed by `what`, unless a `prefix` names each field already). */
export function validate<T extends z.ZodType>(schema: T, value: unknown, what: string, prefix = ''): z.infer<T> {
  const r = schema.safeParse(value);
  if (r.success) return r.data;
  const errors = zodErrors(r.error, prefix, value);
  // with a prefix each message already says where (query.table: …): 'query: query.table: …' would say it twice
  throw badRequest(`${prefix ? '' : `${what}: `}${errors.map((e) => e.message).join('; ')}`, errors);
}

/**
 * A scenario problem from `loadScenario` (one line each, e.g.
 * `request body overrides:3:15: schemes[0].fraction: fraction must be between 0 and 1 (got 2)`)
 * → field errors. The line:column refer to the overrides re-written as YAML, so
 * they are dropped; the path is reported as `overrides.<path>` when the
 * problem lies in the request's overrides.
 */
export function userErrors(e: UserError, overridesLabel: string): FieldError[] {
  return e.problems.map((line) => {
    const m = /^(.*?)(?::\d+:\d+)?: ([A-Za-z0-9_$.[\]-]+): (.*)$/.exec(line);
    if (!m) return { message: line };
    const [, source, path, message] = m as unknown as [string, string, string, string];
    if (source === overridesLabel) return { field: `overrides.${path}`, message: `overrides.${path}: ${message}` };
    return { field: path, message: `${source}: ${path}: ${message}` };
  });
}

/**
 * The API's resources, their paths as the routes write them, and the method
 * each answers (a path that is one of them, asked with another method, is a
 * 405 with Allow); with what each path parameter names, for a problem about it.
 */
const RESOURCES: { path: string; method: string; names?: Record<string, string> }[] = [
  { path: '/healthz', method: 'GET' },
  { path: '/api/scenarios', method: 'GET' },
  { path: '/api/scenarios/:id', method: 'GET', names: { id: 'the scenario id' } },
  { path: '/api/runs', method: 'POST' },
  { path: '/api/runs/:id', method: 'GET', names: { id: 'the run id' } },
  { path: '/api/runs/:id/scenario.yaml', method: 'GET', names: { id: 'the run id' } },
  { path: '/api/runs/:id/charts/:file', method: 'GET', names: { id: 'the run id', file: 'the chart file name' } },
];

/** The resource a path (as sent, not decoded) is, with its path parameters as sent. */
function resourceOf(path: string): { method: string; names: Record<string, string>; params: [string, string][] } | undefined {
  const segments = path.split('/');
  for (const r of RESOURCES) {
    const parts = r.path.split('/');
    if (parts.length !== segments.length || !parts.every((p, i) => (p.startsWith(':') ? segments[i] !== '' : p === segments[i]))) continue;
    return { method: r.method, names: r.names ?? {}, params: parts.flatMap((p, i) => (p.startsWith(':') ? [[p.slice(1), segments[i]!] as [string, string]] : [])) };
  }
  return undefined;
}

/** The request's path as sent, without its query: a problem's `instance`. */
function requestPath(req: Request): string {
  return req.originalUrl.split('?')[0]!;
}

/** The path parameter Express could not decode (it says only 'Failed to decode param'), named as its route names it. */
function undecodable(path: string): FieldError {
  const r = resourceOf(path);
  const how = 'each % starts two hex digits, and the bytes they write must be UTF-8 (a % itself is %25)';
  for (const [name, value] of r?.params ?? []) {
    if (decodes(value)) continue;
    return { field: name, message: `${name}: ${r!.names[name]} in the path is not valid percent-encoding (got '${value.slice(0, 80)}'): ${how}` };
  }
  return { field: '(path)', message: `the path is not valid percent-encoding (got '${path.slice(0, 120)}'): ${how}` };
}

function decodes(text: string): boolean {
  try {
    decodeURIComponent(text);
    return true;
  } catch {
    return false;
  }
}

/** 404 for anything no route matched (405 with Allow for a resource asked with another method). */
export const notFoundHandler: RequestHandler = (req, res) => {
  // the whole path (under app.use('/api', …) req.path has lost its mount point)
  const path = requestPath(req);
  const allow = resourceOf(path)?.method;
  if (allow && req.method !== allow && !(allow === 'GET' && req.method === 'HEAD')) {
    const methods = allow === 'GET' ? 'GET, HEAD' : allow;
    sendProblem(res, 405, `${req.method} ${path}: this resource answers ${methods} only`, [], path, undefined, { headers: { Allow: methods } });
    return;
  }
  sendProblem(res, 404, `no such resource: ${req.method} ${path}`, [], path);
};

/**
 * The last middleware: every error becomes a problem response, and nothing
 * thrown by a request can stop the server. Body-parser errors keep their
 * status (413 too large, 400 malformed JSON, 415 charset); anything else
 * unexpected is a 500 whose detail hides internals (the log has the stack).
 */
export function errorHandler(log: (err: unknown, msg: string) => void): ErrorRequestHandler {
  return (err, req, res, _next) => {
    if (res.headersSent) {
      res.destroy();
      return;
    }
    const instance = requestPath(req);
    if (err instanceof HttpProblem) {
      if (err.status === 500) log(err, err.message); // a fault on the server (a broken scenario file): its keeper should hear of it
      return sendProblem(res, err.status, err.message, err.errors, instance, err.slug, err.extra);
    }
    if (err instanceof UserError) {
      const errors = userErrors(err, 'request body overrides');
      return sendProblem(res, 400, errors.map((e) => e.message).join('; '), errors, instance);
    }
    const e = err as { type?: string; status?: number; statusCode?: number; message?: string; limit?: number };
    const status = e.status ?? e.statusCode;
    if (e.type === 'entity.too.large') {
      return sendProblem(res, 413, `the request body is larger than the limit of ${e.limit} bytes`, [{ field: '(body)', message: 'body too large' }], instance);
    }
    if (e.type === 'entity.parse.failed') {
      return sendProblem(res, 400, `the request body is not valid JSON: ${e.message}`, [{ field: '(body)', message: 'malformed JSON' }], instance);
    }
    if (err instanceof URIError && status === 400) {
      const bad = undecodable(instance);
      return sendProblem(res, 400, bad.message, [bad], instance);
    }
    if (typeof status === 'number' && status >= 400 && status < 500) {
      return sendProblem(res, status, e.message ?? 'bad request', [], instance);
    }
    log(err, 'unhandled error');
    sendProblem(res, 500, 'an internal error occurred; it has been logged', [], instance);
  };
}

/**
 * The server's 'clientError' listener: what Node's HTTP parser refuses before
 * Express sees a request (header fields too large, malformed HTTP, a request
 * too slow to arrive) answered with a problem body, as every other error is;
 * Node's own answer has an empty body.
 */
export function clientErrorHandler(requestTimeoutMs: number): (err: Error & { code?: string }, socket: Duplex) => void {
  return (err, socket) => {
    // as Node's own listener: answer only if no response has begun on the connection, else the client would read a corrupt one
    const inFlight = (socket as Duplex & { _httpMessage?: { headersSent?: boolean } })._httpMessage;
    if (err.code === 'ECONNRESET' || !socket.writable || inFlight?.headersSent) {
      socket.destroy();
      return;
    }
    const [status, field, detail]: [number, string, string] =
      err.code === 'HPE_HEADER_OVERFLOW'
        ? [431, '(headers)', `the request's header fields are larger than the server accepts (${maxHeaderSize.toLocaleString('en-GB')} bytes in all, with the request line); send fewer or shorter ones (cookies count)`]
        : err.code === 'ERR_HTTP_REQUEST_TIMEOUT'
          ? [408, '(request)', `the request did not arrive whole within ${requestTimeoutMs / 1000} s`]
          : [400, '(request)', `the request is not valid HTTP/1.1 (${err.code ?? 'unreadable'}: ${String((err as { reason?: unknown }).reason ?? err.message)})`];
    const body = JSON.stringify(problemBody(status, detail, [{ field, message: detail }]));
    socket.end(`HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\nContent-Type: application/problem+json; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(body)}\r\nCache-Control: no-store\r\nConnection: close\r\n\r\n${body}`);
  };
}

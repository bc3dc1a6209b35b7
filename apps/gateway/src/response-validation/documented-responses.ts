import Ajv2020, { ValidateFunction } from 'ajv/dist/2020';
import addFormats from 'ajv-formats';

/** One way an answer broke its documented schema: where in the schema, never the value. */
export interface ResponseMismatch {
  schemaPath: string;
  keyword: string;
}

export type ResponseVerdict = { documented: false } | { documented: true; mismatches: ResponseMismatch[] };

interface OpenApiOperation {
  responses?: Record<string, { content?: Record<string, { schema?: unknown }> }>;
}

const DOCUMENT_ID = 'atlas-openapi';
const METHODS = ['get', 'put', 'post', 'delete', 'patch'];
const MAX_MISMATCHES = 5;

/** `/api/v1/sources/:sourceId` (Express) → `/api/v1/sources/{sourceId}` (OpenAPI). */
export function openApiPathOf(routePath: string): string {
  return routePath.replace(/:([A-Za-z0-9_]+)/g, '{$1}');
}

const pointerPart = (part: string) => part.replace(/~/g, '~0').replace(/\//g, '~1');

/** The JSON pointer, in the document, of the schema of an operation's JSON answer with this status. */
function schemaPointer(path: string, method: string, status: number): string {
  return ['paths', path, method, 'responses', String(status), 'content', 'application/json', 'schema'].map(pointerPart).join('/');
}

/**
 * The JSON answers the OpenAPI 3.1 document promises, checked with ajv (JSON Schema 2020-12, the
 * dialect of OpenAPI 3.1). A validator is compiled the first time its operation and status answer,
 * from a reference into the document, so shared component schemas compile once. Unknown keywords
 * (OpenAPI's `discriminator`, `xml`) and formats (`binary`) are ignored, as the document defines them.
 */
export class DocumentedResponses {
  private readonly ajv: Ajv2020;
  private readonly validators = new Map<string, ValidateFunction | null>();
  private readonly paths: Record<string, Record<string, OpenApiOperation>>;

  constructor(document: { paths: object }) {
    this.paths = document.paths as Record<string, Record<string, OpenApiOperation>>;
    this.ajv = new Ajv2020({ strict: false, allErrors: true, logger: false, validateFormats: true });
    addFormats(this.ajv);
    this.ajv.addSchema({ ...document, $id: DOCUMENT_ID });
  }

  /** How `body` (already as the client will read it) compares with what `method path` documents for `status`. */
  check(method: string, routePath: string, status: number, body: unknown): ResponseVerdict {
    const path = openApiPathOf(routePath);
    const validate = this.validatorFor(method.toLowerCase(), path, status);
    if (!validate) return { documented: false };
    if (validate(body)) return { documented: true, mismatches: [] };
    // Schema paths from the response's schema (`#/properties/state/enum`): the operation is named beside them.
    const prefix = `${DOCUMENT_ID}#/${schemaPointer(path, method.toLowerCase(), status)}`;
    const relative = (schemaPath: string) => (schemaPath.startsWith(prefix) ? `#${schemaPath.slice(prefix.length)}` : schemaPath);
    const mismatches = (validate.errors ?? []).slice(0, MAX_MISMATCHES).map((error) => ({ schemaPath: relative(error.schemaPath), keyword: error.keyword }));
    return { documented: true, mismatches };
  }

  private validatorFor(method: string, path: string, status: number): ValidateFunction | null {
    const key = `${method} ${path} ${status}`;
    let validate = this.validators.get(key);
    if (validate === undefined) {
      const schema = METHODS.includes(method) ? this.paths[path]?.[method]?.responses?.[String(status)]?.content?.['application/json']?.schema : undefined;
      validate = schema === undefined ? null : this.ajv.compile({ $ref: `${DOCUMENT_ID}#/${schemaPointer(path, method, status)}` });
      this.validators.set(key, validate);
    }
    return validate;
  }
}

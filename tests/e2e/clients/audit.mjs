// The graphql-http audit (GraphQL over HTTP spec) against a running server; prints a JSON
// summary: {ok, warn, error, failures: [{id, name, status, reason}]}.
// Usage: node audit.mjs http://127.0.0.1:8000/graphql
import { auditServer } from "graphql-http";

const url = process.argv[2];
const results = await auditServer({ url });
const count = (status) => results.filter((r) => r.status === status).length;
const failures = results
  .filter((r) => r.status !== "ok")
  .map((r) => ({ id: r.id, name: r.name, status: r.status, reason: r.reason }));
console.log(
  JSON.stringify({ total: results.length, ok: count("ok"), warn: count("warn"), error: count("error"), failures }),
);

// How the typed operations read in application code: every field below is typed by codegen.
import type { ApolloClient } from "@apollo/client";
import type { Observable } from "rxjs";
import { map } from "rxjs";
import type { JobStatus, JobUpdatedSubscription, SubmitJobInput } from "./gql/graphql";
import { BackendsPage, JobUpdated, SubmitJob } from "./operations";

export interface BackendRow {
  id: string;
  name: string;
  qubits: number;
  /** Decimal strings: add them with a decimal library, never with `+` on floats. */
  pricePerShot: string;
  currency: string;
}

/** One page of devices (no ideal simulators), and the cursor for the next one. */
export async function devicesPage(
  client: ApolloClient,
  after: string | null,
): Promise<{ rows: BackendRow[]; next: string | null; total: number }> {
  const { data } = await client.query({
    query: BackendsPage,
    variables: { first: 20, after, filter: { simulator: false } },
  });
  if (data === undefined) throw new Error("no data");
  const { backends } = data;
  return {
    rows: backends.edges.map(({ node }) => ({
      id: node.id,
      name: node.name,
      qubits: node.qubits,
      pricePerShot: node.pricing.perShot,
      currency: node.pricing.currency,
    })),
    next: backends.pageInfo.hasNextPage ? (backends.pageInfo.endCursor ?? null) : null,
    total: backends.totalCount,
  };
}

export type Submitted =
  | { ok: true; jobId: string; status: JobStatus; warnings: string[] }
  | { ok: false; code: string; message: string; where?: { line: number; column: number } };

/** Submit a circuit; a refusal is a value, not an exception (only transport failures throw). */
export async function submit(client: ApolloClient, input: SubmitJobInput): Promise<Submitted> {
  const { data } = await client.mutate({ mutation: SubmitJob, variables: { input } });
  if (data == null) throw new Error("no data");
  const result = data.submitJob;
  switch (result.__typename) {
    case "SubmitJobSuccess":
      return {
        ok: true,
        jobId: result.job.id,
        status: result.job.status,
        warnings: result.warnings,
      };
    case "InvalidCircuitError":
      return {
        ok: false,
        code: result.code,
        message: result.message,
        where: { line: result.line, column: result.column },
      };
    default:
      // Every other member implements Error: `... on Error` selected its code and message.
      return { ok: false, code: result.code, message: result.message };
  }
}

export type JobState = JobUpdatedSubscription["jobUpdated"];

/** A job's states, live: the current one first, then each change, completing at the end. */
export function follow(client: ApolloClient, id: string): Observable<JobState> {
  return client.subscribe({ query: JobUpdated, variables: { id } }).pipe(
    map((result) => {
      if (result.data == null) throw new Error(result.error?.message ?? "no data");
      return result.data.jobUpdated;
    }),
  );
}

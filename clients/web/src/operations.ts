// The three operations this client uses. Codegen reads them from here (`graphql()` calls) and
// writes their result and variable types into src/gql/.
import { graphql } from "./gql";

/** A page of the backend catalog (public), with its cursor for the next page. */
export const BackendsPage = graphql(`
  query BackendsPage($first: Int!, $after: String, $filter: BackendFilter) {
    backends(first: $first, after: $after, filter: $filter) {
      totalCount
      pageInfo {
        hasNextPage
        endCursor
      }
      edges {
        node {
          id
          name
          provider
          technology
          qubits
          simulator
          status
          lastCalibratedAt
          pricing {
            perShot
            perTask
            currency
          }
        }
      }
    }
  }
`);

/**
 * Submit a circuit. The result is a union: the success, or a typed refusal. Every refusal
 * implements the `Error` interface, so `... on Error { code message }` covers the ones this
 * client has no special handling for (it needs `possibleTypes` to match, see client.ts).
 */
export const SubmitJob = graphql(`
  mutation SubmitJob($input: SubmitJobInput!) {
    submitJob(input: $input) {
      __typename
      ... on SubmitJobSuccess {
        warnings
        job {
          id
          status
          queuePosition
          createdAt
          costEstimate {
            amount
            currency
          }
        }
      }
      ... on InvalidCircuitError {
        line
        column
      }
      ... on CircuitLimitExceededError {
        limit
        maximum
        requested
      }
      ... on Error {
        code
        message
      }
    }
  }
`);

/** One job: its current state first, then each status change; completes when it ends. */
export const JobUpdated = graphql(`
  subscription JobUpdated($id: ID!) {
    jobUpdated(id: $id) {
      id
      status
      queuePosition
      startedAt
      finishedAt
      actualCost {
        amount
        currency
      }
      error {
        code
        message
      }
      result {
        counts {
          bitstring
          count
        }
      }
      kpis {
        fidelity
        status
      }
    }
  }
`);

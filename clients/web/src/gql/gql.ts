/* eslint-disable */
import * as types from './graphql';
import type { TypedDocumentNode as DocumentNode } from '@graphql-typed-document-node/core';

/**
 * Map of all GraphQL operations in the project.
 *
 * This map has several performance disadvantages:
 * 1. It is not tree-shakeable, so it will include all operations in the project.
 * 2. It is not minifiable, so the string of a GraphQL query will be multiple times inside the bundle.
 * 3. It does not support dead code elimination, so it will add unused operations.
 *
 * Therefore it is highly recommended to use the babel or swc plugin for production.
 * Learn more about it here: https://the-guild.dev/graphql/codegen/plugins/presets/preset-client#reducing-bundle-size
 */
type Documents = {
    "\n  query BackendsPage($first: Int!, $after: String, $filter: BackendFilter) {\n    backends(first: $first, after: $after, filter: $filter) {\n      totalCount\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      edges {\n        node {\n          id\n          name\n          provider\n          technology\n          qubits\n          simulator\n          status\n          lastCalibratedAt\n          pricing {\n            perShot\n            perTask\n            currency\n          }\n        }\n      }\n    }\n  }\n": typeof types.BackendsPageDocument,
    "\n  mutation SubmitJob($input: SubmitJobInput!) {\n    submitJob(input: $input) {\n      __typename\n      ... on SubmitJobSuccess {\n        warnings\n        job {\n          id\n          status\n          queuePosition\n          createdAt\n          costEstimate {\n            amount\n            currency\n          }\n        }\n      }\n      ... on InvalidCircuitError {\n        line\n        column\n      }\n      ... on CircuitLimitExceededError {\n        limit\n        maximum\n        requested\n      }\n      ... on Error {\n        code\n        message\n      }\n    }\n  }\n": typeof types.SubmitJobDocument,
    "\n  subscription JobUpdated($id: ID!) {\n    jobUpdated(id: $id) {\n      id\n      status\n      queuePosition\n      startedAt\n      finishedAt\n      actualCost {\n        amount\n        currency\n      }\n      error {\n        code\n        message\n      }\n      result {\n        counts {\n          bitstring\n          count\n        }\n      }\n      kpis {\n        fidelity\n        status\n      }\n    }\n  }\n": typeof types.JobUpdatedDocument,
};
const documents: Documents = {
    "\n  query BackendsPage($first: Int!, $after: String, $filter: BackendFilter) {\n    backends(first: $first, after: $after, filter: $filter) {\n      totalCount\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      edges {\n        node {\n          id\n          name\n          provider\n          technology\n          qubits\n          simulator\n          status\n          lastCalibratedAt\n          pricing {\n            perShot\n            perTask\n            currency\n          }\n        }\n      }\n    }\n  }\n": types.BackendsPageDocument,
    "\n  mutation SubmitJob($input: SubmitJobInput!) {\n    submitJob(input: $input) {\n      __typename\n      ... on SubmitJobSuccess {\n        warnings\n        job {\n          id\n          status\n          queuePosition\n          createdAt\n          costEstimate {\n            amount\n            currency\n          }\n        }\n      }\n      ... on InvalidCircuitError {\n        line\n        column\n      }\n      ... on CircuitLimitExceededError {\n        limit\n        maximum\n        requested\n      }\n      ... on Error {\n        code\n        message\n      }\n    }\n  }\n": types.SubmitJobDocument,
    "\n  subscription JobUpdated($id: ID!) {\n    jobUpdated(id: $id) {\n      id\n      status\n      queuePosition\n      startedAt\n      finishedAt\n      actualCost {\n        amount\n        currency\n      }\n      error {\n        code\n        message\n      }\n      result {\n        counts {\n          bitstring\n          count\n        }\n      }\n      kpis {\n        fidelity\n        status\n      }\n    }\n  }\n": types.JobUpdatedDocument,
};

/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 *
 *
 * @example
 * ```ts
 * const query = graphql(`query GetUser($id: ID!) { user(id: $id) { name } }`);
 * ```
 *
 * The query argument is unknown!
 * Please regenerate the types.
 */
export function graphql(source: string): unknown;

/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query BackendsPage($first: Int!, $after: String, $filter: BackendFilter) {\n    backends(first: $first, after: $after, filter: $filter) {\n      totalCount\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      edges {\n        node {\n          id\n          name\n          provider\n          technology\n          qubits\n          simulator\n          status\n          lastCalibratedAt\n          pricing {\n            perShot\n            perTask\n            currency\n          }\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  query BackendsPage($first: Int!, $after: String, $filter: BackendFilter) {\n    backends(first: $first, after: $after, filter: $filter) {\n      totalCount\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      edges {\n        node {\n          id\n          name\n          provider\n          technology\n          qubits\n          simulator\n          status\n          lastCalibratedAt\n          pricing {\n            perShot\n            perTask\n            currency\n          }\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation SubmitJob($input: SubmitJobInput!) {\n    submitJob(input: $input) {\n      __typename\n      ... on SubmitJobSuccess {\n        warnings\n        job {\n          id\n          status\n          queuePosition\n          createdAt\n          costEstimate {\n            amount\n            currency\n          }\n        }\n      }\n      ... on InvalidCircuitError {\n        line\n        column\n      }\n      ... on CircuitLimitExceededError {\n        limit\n        maximum\n        requested\n      }\n      ... on Error {\n        code\n        message\n      }\n    }\n  }\n"): (typeof documents)["\n  mutation SubmitJob($input: SubmitJobInput!) {\n    submitJob(input: $input) {\n      __typename\n      ... on SubmitJobSuccess {\n        warnings\n        job {\n          id\n          status\n          queuePosition\n          createdAt\n          costEstimate {\n            amount\n            currency\n          }\n        }\n      }\n      ... on InvalidCircuitError {\n        line\n        column\n      }\n      ... on CircuitLimitExceededError {\n        limit\n        maximum\n        requested\n      }\n      ... on Error {\n        code\n        message\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  subscription JobUpdated($id: ID!) {\n    jobUpdated(id: $id) {\n      id\n      status\n      queuePosition\n      startedAt\n      finishedAt\n      actualCost {\n        amount\n        currency\n      }\n      error {\n        code\n        message\n      }\n      result {\n        counts {\n          bitstring\n          count\n        }\n      }\n      kpis {\n        fidelity\n        status\n      }\n    }\n  }\n"): (typeof documents)["\n  subscription JobUpdated($id: ID!) {\n    jobUpdated(id: $id) {\n      id\n      status\n      queuePosition\n      startedAt\n      finishedAt\n      actualCost {\n        amount\n        currency\n      }\n      error {\n        code\n        message\n      }\n      result {\n        counts {\n          bitstring\n          count\n        }\n      }\n      kpis {\n        fidelity\n        status\n      }\n    }\n  }\n"];

export function graphql(source: string) {
  return (documents as any)[source] ?? {};
}

export type DocumentType<TDocumentNode extends DocumentNode<any, any>> = TDocumentNode extends DocumentNode<  infer TType,  any>  ? TType  : never;
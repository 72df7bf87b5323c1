/* eslint-disable */
import type { TypedDocumentNode as DocumentNode } from '@graphql-typed-document-node/core';
export type Maybe<T> = T | null;
export type InputMaybe<T> = T | null | undefined;
export type Exact<T extends { [key: string]: unknown }> = { [K in keyof T]: T[K] };
export type MakeOptional<T, K extends keyof T> = Omit<T, K> & { [SubKey in K]?: Maybe<T[SubKey]> };
export type MakeMaybe<T, K extends keyof T> = Omit<T, K> & { [SubKey in K]: Maybe<T[SubKey]> };
export type MakeEmpty<T extends { [key: string]: unknown }, K extends keyof T> = { [_ in K]?: never };
export type Incremental<T> = T | { [P in keyof T]?: P extends ' $fragmentName' | '__typename' ? T[P] : never };
/** All built-in and custom scalars, mapped to their actual values */
export type Scalars = {
  ID: { input: string; output: string; }
  String: { input: string; output: string; }
  Boolean: { input: boolean; output: boolean; }
  Int: { input: number; output: number; }
  Float: { input: number; output: number; }
  /** Date (isoformat) */
  Date: { input: string; output: string; }
  /** Date with time (isoformat) */
  DateTime: { input: string; output: string; }
  /** Decimal (fixed-point) */
  Decimal: { input: string; output: string; }
  /** The `JSON` scalar type represents JSON values as specified by [ECMA-404](https://ecma-international.org/wp-content/uploads/ECMA-404_2nd_edition_december_2017.pdf). */
  JSON: { input: unknown; output: unknown; }
};

/** You already hold a live subscription to this listing. */
export type AlreadySubscribedError = Error & {
  __typename: 'AlreadySubscribedError';
  /** A stable, machine-readable error code. */
  code: Scalars['String']['output'];
  /** What went wrong, for a person to read. */
  message: Scalars['String']['output'];
};

/** The job-tracker views over one window. Each is read from the hourly rollup plus the current hour, scoped to your jobs (admins: everyone's); jobs count in the bucket of the hour they finished in. Each view is one SQL statement, read only when selected. */
export type Analytics = {
  __typename: 'Analytics';
  /** Success rate, waits, cost and fidelity per backend, by name. */
  backendComparison: Array<BackendComparison>;
  /** Per backend and ISO week. */
  backendUtilization: Array<BackendUtilizationWeek>;
  /** The series' bucket size. */
  bucket: AnalyticsBucket;
  /** Cost per bucket, backend and app. */
  costOverTime: Array<CostPoint>;
  /** The window's end (rounded up to the hour). */
  end: Scalars['DateTime']['output'];
  /** Finished jobs per bucket by final status, every bucket listed. */
  jobTrends: Array<AnalyticsTrendBucket>;
  /** Latency percentiles overall. */
  performancePercentiles: PerformancePercentiles;
  /** Per region (until backends carry a region: per provider). */
  regionalStats: Array<RegionStats>;
  /** The window's start (rounded to the hour). */
  start: Scalars['DateTime']['output'];
  /** Jobs by status: those finished in the window by final status, plus those QUEUED or RUNNING now when the window reaches now. */
  statusDistribution: Array<JobStatusCount>;
  /** Admins: active users and jobs per user. Others: their own line. */
  userActivity: UserActivity;
};

/** How wide each point of a time series is (UTC). */
export type AnalyticsBucket =
  | 'DAY'
  | 'HOUR'
  | 'WEEK';

/** The views, or why the window or bucket was refused. */
export type AnalyticsResult = Analytics | InvalidInputError;

/** Jobs that reached a final status in one bucket, by that status. */
export type AnalyticsTrendBucket = {
  __typename: 'AnalyticsTrendBucket';
  /** Counts by final status. */
  byStatus: Array<JobStatusCount>;
  /** The bucket's start (UTC). */
  start: Scalars['DateTime']['output'];
  /** Jobs finished in the bucket. */
  total: Scalars['Int']['output'];
};

/** A long-lived credential for scripts and apps. Its secret is shown only once. */
export type ApiKey = Node & {
  __typename: 'ApiKey';
  /** True while neither revoked nor expired. */
  active: Scalars['Boolean']['output'];
  /** When the key was created. */
  createdAt: Scalars['DateTime']['output'];
  /** When the key stops working; null: only when revoked. */
  expiresAt?: Maybe<Scalars['DateTime']['output']>;
  /** The Globally Unique ID of this object */
  id: Scalars['ID']['output'];
  /** The secret's last four characters. */
  last4: Scalars['String']['output'];
  /** When the key last authenticated a request, to within a minute. */
  lastUsedAt?: Maybe<Scalars['DateTime']['output']>;
  /** What the key is for, as its owner named it. */
  name: Scalars['String']['output'];
  /** How to recognise the key: `qk_…abcd`. */
  preview: Scalars['String']['output'];
  /** Requests per minute this key may make; null: its owner's role default. It can lower that default, never raise it. */
  rateLimit?: Maybe<Scalars['Int']['output']>;
  /** When the key was revoked. */
  revokedAt?: Maybe<Scalars['DateTime']['output']>;
  /** What the key may do. */
  scopes: Array<ApiKeyScope>;
};

/** A page of a list, with cursors to move through the rest. */
export type ApiKeyConnection = {
  __typename: 'ApiKeyConnection';
  /** The items of this page. */
  edges: Array<ApiKeyEdge>;
  /** Where this page sits in the list. */
  pageInfo: PageInfo;
  /** How many items the whole list holds, across every page. */
  totalCount: Scalars['Int']['output'];
};

/** An edge in a connection: one node and the cursor that points at it. */
export type ApiKeyEdge = {
  __typename: 'ApiKeyEdge';
  /** An opaque cursor; pass it as `after` or `before`. */
  cursor: Scalars['String']['output'];
  /** The item at the end of the edge. */
  node: ApiKey;
};

/** What an API key may do: JOBS_READ, JOBS_WRITE, APPS_READ, APPS_WRITE, BILLING_READ, ADMIN and ACCOUNT (the account itself: email, sessions, keys, profile, password). A key never gets more than its owner's role allows. */
export type ApiKeyScope =
  | 'ACCOUNT'
  | 'ADMIN'
  | 'APPS_READ'
  | 'APPS_WRITE'
  | 'BILLING_READ'
  | 'JOBS_READ'
  | 'JOBS_WRITE';

/** The app is archived: restore it (archiveApp) to add or publish. */
export type AppArchivedError = Error & {
  __typename: 'AppArchivedError';
  /** A stable, machine-readable error code. */
  code: Scalars['String']['output'];
  /** What went wrong, for a person to read. */
  message: Scalars['String']['output'];
};

/** What an app is for. */
export type AppCategory =
  | 'BENCHMARKING'
  | 'CHEMISTRY'
  | 'CRYPTOGRAPHY'
  | 'EDUCATION'
  | 'FINANCE'
  | 'MACHINE_LEARNING'
  | 'OPTIMIZATION'
  | 'OTHER'
  | 'SIMULATION';

/** What changed in an app. */
export type AppChangeKind =
  | 'RATING'
  | 'STATUS'
  | 'VERSION';

/** One input that does not match the version's input schema. */
export type AppInputProblem = {
  __typename: 'AppInputProblem';
  /** What is wrong with it. */
  message: Scalars['String']['output'];
  /** JSON Pointer to the input, e.g. `/theta`. */
  path: Scalars['String']['output'];
};

/** An app's figures, for its owner and admins. */
export type AppMetrics = {
  __typename: 'AppMetrics';
  /** Mean stars; null if unrated. */
  averageRating?: Maybe<Scalars['Decimal']['output']>;
  /** Users who ran it (in any state). */
  distinctUsers: Scalars['Int']['output'];
  /** Registry packages served, all versions. */
  downloads: Scalars['Int']['output'];
  /** The app's revenue over a calendar month (this one by default). */
  revenue?: Maybe<AppRevenue>;
  /** Runs that completed. */
  runs: Scalars['Int']['output'];
  /** Runs started per day over the window, oldest first, days without runs as 0. */
  runsPerDay: Array<RunsOnDay>;
};


/** An app's figures, for its owner and admins. */
export type AppMetricsRevenueArgs = {
  period?: InputMaybe<Scalars['String']['input']>;
};

/** An app's revenue over one calendar month (UTC), for its owner. */
export type AppRevenue = {
  __typename: 'AppRevenue';
  /** ISO 4217 code. */
  currency: Scalars['String']['output'];
  /** Charged to buyers: per-run prices of completed runs and flat fees. */
  gross: Scalars['Decimal']['output'];
  /** Gross less the platform fee: the developer's. */
  net: Scalars['Decimal']['output'];
  /** The next month's first instant. */
  periodEnd: Scalars['DateTime']['output'];
  /** The month's first instant. */
  periodStart: Scalars['DateTime']['output'];
  /** The platform's share of the gross (QRAPH_PLATFORM_FEE, 20% by default), rounded once to the cent, half up. */
  platformFee: Scalars['Decimal']['output'];
  /** Charged runs completed in the month. */
  runs: Scalars['Int']['output'];
  /** Distinct users whose subscription was live during the month. */
  subscribers: Scalars['Int']['output'];
};

/** Narrow a marketplace or registry search. */
export type AppSearchFilter = {
  category?: InputMaybe<AppCategory>;
  /** Only free (or paid) ones. */
  free?: InputMaybe<Scalars['Boolean']['input']>;
  /** Every price at most this, in this currency. */
  maxPrice?: InputMaybe<MoneyInput>;
  /** Rated at least this (1 to 5); unrated apps never pass. */
  minRating?: InputMaybe<Scalars['Decimal']['input']>;
  /** Apps carrying every one of these tags (at most 10). */
  tags?: InputMaybe<Array<Scalars['String']['input']>>;
};

/** An app as it is after a change, and what changed. */
export type AppUpdate = {
  __typename: 'AppUpdate';
  /** The app now. */
  app: QuantumApp;
  /** VERSION (a version created or moved), STATUS (the app changed: archived, restored, its details), RATING (reviews changed its rating); empty for the current state sent first. */
  changes: Array<AppChangeKind>;
};

/** One semantic version of an app; immutable once published. */
export type AppVersion = Node & {
  __typename: 'AppVersion';
  /** The app it is a version of. */
  app?: Maybe<QuantumApp>;
  /** The developer's constraints, as given. */
  constraints: Scalars['JSON']['output'];
  /** A run's list price on each backend that holds it, by backend name. */
  costEstimates: BackendCostEstimateConnection;
  /** When it was created. */
  createdAt: Scalars['DateTime']['output'];
  /** Shots a run takes unless told. */
  defaultShots: Scalars['Int']['output'];
  /** When it was deprecated. */
  deprecatedAt?: Maybe<Scalars['DateTime']['output']>;
  /** Markdown. */
  documentation: Scalars['String']['output'];
  /** Qubits, depth, gates. */
  estimates: AppVersionEstimates;
  /** The Globally Unique ID of this object */
  id: Scalars['ID']['output'];
  /** JSON Schema (2020-12) of the inputs: one required number per `input` of the template, with the developer's constraints; render a form from it. */
  inputSchema: Scalars['JSON']['output'];
  /** True for `1.0.0-rc.1` and the like. */
  prerelease: Scalars['Boolean']['output'];
  /** When it was published. */
  publishedAt?: Maybe<Scalars['DateTime']['output']>;
  /** Its registry entry, once published to the registry; null before. */
  registryEntry?: Maybe<RegistryEntry>;
  /** Markdown. */
  releaseNotes: Scalars['String']['output'];
  /** The SDK it was built with. */
  sdk: Scalars['String']['output'];
  /** Where it is. */
  status: VersionStatus;
  /** The OpenQASM 3 template. */
  template: Scalars['String']['output'];
  /** When it last changed. */
  updatedAt: Scalars['DateTime']['output'];
  /** The semantic version, e.g. `1.2.0`. */
  version: Scalars['String']['output'];
  /** Why it was yanked. */
  yankReason?: Maybe<Scalars['String']['output']>;
  /** When it was yanked. */
  yankedAt?: Maybe<Scalars['DateTime']['output']>;
};


/** One semantic version of an app; immutable once published. */
export type AppVersionCostEstimatesArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  first?: InputMaybe<Scalars['Int']['input']>;
};

/** A page of a list, with cursors to move through the rest. */
export type AppVersionConnection = {
  __typename: 'AppVersionConnection';
  /** The items of this page. */
  edges: Array<AppVersionEdge>;
  /** Where this page sits in the list. */
  pageInfo: PageInfo;
  /** How many items the whole list holds, across every page. */
  totalCount: Scalars['Int']['output'];
};

/** An edge in a connection: one node and the cursor that points at it. */
export type AppVersionEdge = {
  __typename: 'AppVersionEdge';
  /** An opaque cursor; pass it as `after` or `before`. */
  cursor: Scalars['String']['output'];
  /** The item at the end of the edge. */
  node: AppVersion;
};

/** Figures of a version's circuit, computed when it was created. */
export type AppVersionEstimates = {
  __typename: 'AppVersionEstimates';
  /** Circuit depth. */
  depth: Scalars['Int']['output'];
  /** Qubits the template declares. */
  qubits: Scalars['Int']['output'];
  /** The default shots the costs are for. */
  shots: Scalars['Int']['output'];
  /** Two-qubit operations. */
  twoQubitGates: Scalars['Int']['output'];
};

/** A published version never changes; create a new version instead. */
export type AppVersionImmutableError = Error & {
  __typename: 'AppVersionImmutableError';
  /** A stable, machine-readable error code. */
  code: Scalars['String']['output'];
  /** What went wrong, for a person to read. */
  message: Scalars['String']['output'];
  /** The version's status. */
  status: Scalars['String']['output'];
};

/** The version moved to its new status. */
export type AppVersionStatusChanged = {
  __typename: 'AppVersionStatusChanged';
  /** The version as it is now. */
  version: AppVersion;
};

/** The outcome of `publishAppVersion`, `deprecateAppVersion`, `yankAppVersion`. */
export type AppVersionStatusResult = AppArchivedError | AppVersionStatusChanged | ForbiddenError | InvalidInputError | InvalidVersionTransitionError | NotFoundError;

/** PUBLIC: anyone may read the app. UNLISTED: only its owner and admins; others read null. */
export type AppVisibility =
  | 'PUBLIC'
  | 'UNLISTED';

/** The outcome of `archiveApp`. */
export type ArchiveAppResult = ArchiveAppSuccess | ForbiddenError | NotFoundError;

/** The app was archived (or restored). */
export type ArchiveAppSuccess = {
  __typename: 'ArchiveAppSuccess';
  /** The app as it is now. */
  app: QuantumApp;
};

/** A place a circuit can run: a simulator, an emulator or hardware. */
export type Backend = Node & {
  __typename: 'Backend';
  /** Native gates circuits compile to. */
  basisGates: Array<Scalars['String']['output']>;
  /** Calibration data; null for ideal simulators. */
  calibration?: Maybe<BackendCalibration>;
  /** Mid-circuit measurement, dynamic circuits, max shots, max circuits per job. */
  capabilities: Array<BackendCapability>;
  /** Directed two-qubit couplings; empty means all-to-all. */
  couplingMap: Array<CouplingEdge>;
  /** What the backend is and when to use it. */
  description: Scalars['String']['output'];
  /** The Globally Unique ID of this object */
  id: Scalars['ID']['output'];
  /** Success rate, waits, utilization and health over a window (default: the last 24 hours), with thresholds. Signed-in callers; null for anonymous ones. */
  kpis?: Maybe<BackendKpis>;
  /** Last calibration time. */
  lastCalibratedAt?: Maybe<Scalars['DateTime']['output']>;
  /** Most shots one job may ask for. */
  maxShots: Scalars['Int']['output'];
  /** Unique name, used to submit jobs. */
  name: Scalars['String']['output'];
  /** True when ONLINE. */
  operational: Scalars['Boolean']['output'];
  /** List price of a run. */
  pricing: BackendPricing;
  /** Processor family and revision. */
  processorFamily?: Maybe<Scalars['String']['output']>;
  /** Who runs it. */
  provider: Provider;
  /** Number of qubits a circuit may use. */
  qubits: Scalars['Int']['output'];
  /** Jobs waiting: the provider's own figure where it reports one (IBM's pending jobs), Qraph's QUEUED jobs on it otherwise. */
  queueLength: Scalars['Int']['output'];
  /** Where it runs, where the provider says. */
  region?: Maybe<Scalars['String']['output']>;
  /** Aer method, for simulators. */
  simulationMethod?: Maybe<Scalars['String']['output']>;
  /** True for ideal simulators. */
  simulator: Scalars['Boolean']['output'];
  /** Whether it takes jobs now. */
  status: BackendStatus;
  /** Why, when not ONLINE. */
  statusReason?: Maybe<Scalars['String']['output']>;
  /** Its platform. */
  technology: Technology;
};


/** A place a circuit can run: a simulator, an emulator or hardware. */
export type BackendKpisArgs = {
  window?: InputMaybe<TimeWindow>;
};

/** A device's calibration: medians for a glance, qubits and gates paged on demand. */
export type BackendCalibration = {
  __typename: 'BackendCalibration';
  /** Snapshot time. */
  calibratedAt?: Maybe<Scalars['DateTime']['output']>;
  /** Per-gate calibration. Forward paging; filter by gate name or a qubit. */
  gates: GateCalibrationConnection;
  /** Median readout error. */
  medianReadoutError?: Maybe<Scalars['Float']['output']>;
  /** Median error of the physical single-qubit gates (sx, x). */
  medianSingleQubitError?: Maybe<Scalars['Float']['output']>;
  /** Median T1 over qubits, µs. */
  medianT1Us?: Maybe<Scalars['Float']['output']>;
  /** Median T2 over qubits, µs. */
  medianT2Us?: Maybe<Scalars['Float']['output']>;
  /** Median error of `twoQubitGate` over the coupling map. */
  medianTwoQubitError?: Maybe<Scalars['Float']['output']>;
  /** Per-qubit calibration, in qubit order. Forward paging (`first`/`after`). */
  qubits: QubitCalibrationConnection;
  /** The native two-qubit gate. */
  twoQubitGate?: Maybe<Scalars['String']['output']>;
};


/** A device's calibration: medians for a glance, qubits and gates paged on demand. */
export type BackendCalibrationGatesArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  first?: InputMaybe<Scalars['Int']['input']>;
  gate?: InputMaybe<Scalars['String']['input']>;
  qubit?: InputMaybe<Scalars['Int']['input']>;
};


/** A device's calibration: medians for a glance, qubits and gates paged on demand. */
export type BackendCalibrationQubitsArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  first?: InputMaybe<Scalars['Int']['input']>;
  qubits?: InputMaybe<Array<Scalars['Int']['input']>>;
};

/** One capability a backend's provider reports. */
export type BackendCapability = {
  __typename: 'BackendCapability';
  /** Its limit, for MAX_SHOTS and MAX_CIRCUITS_PER_JOB; null otherwise. */
  limit?: Maybe<Scalars['Int']['output']>;
  /** Which capability. */
  name: CapabilityName;
  /** Whether the backend has it. */
  supported: Scalars['Boolean']['output'];
};

/** One backend's figures beside the others'. */
export type BackendComparison = {
  __typename: 'BackendComparison';
  /** The backend. */
  backendName: Scalars['String']['output'];
  /** Of them, COMPLETED. */
  completed: Scalars['Int']['output'];
  /** What the jobs cost. */
  cost: Money;
  /** The run itself. */
  executionTime: LatencyFigures;
  /** Of them, FAILED. */
  failed: Scalars['Int']['output'];
  /** Jobs finished in the window. */
  jobs: Scalars['Int']['output'];
  /** Mean Hellinger fidelity. */
  meanFidelity?: Maybe<Scalars['Float']['output']>;
  /** Who runs it. */
  provider: Scalars['String']['output'];
  /** Submission to start. */
  queueWait: LatencyFigures;
  /** Shots run. */
  shots: Scalars['Int']['output'];
  /** COMPLETED / (COMPLETED + FAILED); null when neither. */
  successRate?: Maybe<Scalars['Float']['output']>;
};

/** A page of a list, with cursors to move through the rest. */
export type BackendConnection = {
  __typename: 'BackendConnection';
  /** The items of this page. */
  edges: Array<BackendEdge>;
  /** Where this page sits in the list. */
  pageInfo: PageInfo;
  /** How many items the whole list holds, across every page. */
  totalCount: Scalars['Int']['output'];
};

/** What one run of a version costs on one backend, at list price. */
export type BackendCostEstimate = {
  __typename: 'BackendCostEstimate';
  /** The backend's name. */
  backendName: Scalars['String']['output'];
  /** Per-task + per-shot price × the default shots. */
  cost: Money;
};

/** A page of a list, with cursors to move through the rest. */
export type BackendCostEstimateConnection = {
  __typename: 'BackendCostEstimateConnection';
  /** The items of this page. */
  edges: Array<BackendCostEstimateEdge>;
  /** Where this page sits in the list. */
  pageInfo: PageInfo;
  /** How many items the whole list holds, across every page. */
  totalCount: Scalars['Int']['output'];
};

/** An edge in a connection: one node and the cursor that points at it. */
export type BackendCostEstimateEdge = {
  __typename: 'BackendCostEstimateEdge';
  /** An opaque cursor; pass it as `after` or `before`. */
  cursor: Scalars['String']['output'];
  /** The item at the end of the edge. */
  node: BackendCostEstimate;
};

/** An edge in a connection: one node and the cursor that points at it. */
export type BackendEdge = {
  __typename: 'BackendEdge';
  /** An opaque cursor; pass it as `after` or `before`. */
  cursor: Scalars['String']['output'];
  /** The item at the end of the edge. */
  node: Backend;
};

/** Narrow the catalog. Every given condition must hold. */
export type BackendFilter = {
  /** At least this many. */
  minQubits?: InputMaybe<Scalars['Int']['input']>;
  /** Case-insensitive substring of the name. */
  nameContains?: InputMaybe<Scalars['String']['input']>;
  /** true: ONLINE only; false: every other status. */
  operational?: InputMaybe<Scalars['Boolean']['input']>;
  /** Only this provider. */
  provider?: InputMaybe<Provider>;
  /** true: ideal simulators; false: real devices and emulators. */
  simulator?: InputMaybe<Scalars['Boolean']['input']>;
};

/** The latest `health` experiment's fitted values beside the snapshot calibration (catalog medians). The fitted values are null until a health run exists. */
export type BackendHealth = {
  __typename: 'BackendHealth';
  /** Snapshot median readout error. */
  calibratedReadoutError?: Maybe<Scalars['Float']['output']>;
  /** Snapshot median T1, µs. */
  calibratedT1Us?: Maybe<Scalars['Float']['output']>;
  /** Snapshot median T2, µs. */
  calibratedT2Us?: Maybe<Scalars['Float']['output']>;
  /** From randomized benchmarking. */
  errorPerClifford?: Maybe<Scalars['Float']['output']>;
  /** Measured readout error. */
  fittedReadoutError?: Maybe<Scalars['Float']['output']>;
  /** Fitted median T1, µs. */
  fittedT1Us?: Maybe<Scalars['Float']['output']>;
  /** Fitted median T2, µs. */
  fittedT2Us?: Maybe<Scalars['Float']['output']>;
  /** When the health run finished. */
  measuredAt?: Maybe<Scalars['DateTime']['output']>;
};

/** A backend's figures over everyone's jobs that finished in the window. Thresholds (status is the worst; null without finished jobs): success rate ok ≥ 0.95, warn ≥ 0.80; queue wait p95 ok ≤ 60 s, warn ≤ 600 s; execution p95 ok ≤ 10 s, warn ≤ 60 s; utilization ok ≤ 0.80, warn ≤ 0.95; else fail. */
export type BackendKpis = {
  __typename: 'BackendKpis';
  /** Of them, COMPLETED. */
  completed: Scalars['Int']['output'];
  /** Median execution, ms. */
  executionP50Ms?: Maybe<Scalars['Float']['output']>;
  /** 95th percentile execution, ms. */
  executionP95Ms?: Maybe<Scalars['Float']['output']>;
  /** Of them, FAILED. */
  failed: Scalars['Int']['output'];
  /** Latest health results beside the calibration; null for ideal simulators. */
  health?: Maybe<BackendHealth>;
  /** Jobs finished in the window. */
  jobs: Scalars['Int']['output'];
  /** Finished jobs per hour of the window. */
  jobsPerHour: Scalars['Float']['output'];
  /** Median queue wait, ms. */
  queueWaitP50Ms?: Maybe<Scalars['Float']['output']>;
  /** 95th percentile wait, ms. */
  queueWaitP95Ms?: Maybe<Scalars['Float']['output']>;
  /** The worst verdict of the figures; null without finished jobs. */
  status?: Maybe<KpiStatus>;
  /** COMPLETED / (COMPLETED + FAILED). */
  successRate?: Maybe<Scalars['Float']['output']>;
  /** Busy time over the window's time. */
  utilization: Scalars['Float']['output'];
  /** The window's end. */
  windowEnd: Scalars['DateTime']['output'];
  /** The window's start. */
  windowStart: Scalars['DateTime']['output'];
};

/** Order of the backend list; ties break by name. */
export type BackendOrder = {
  /** Ascending or descending. */
  direction?: OrderDirection;
  /** The sort key. */
  field?: BackendOrderField;
};

/** What to sort backends by. */
export type BackendOrderField =
  | 'LAST_CALIBRATED_AT'
  | 'MEDIAN_T1'
  | 'MEDIAN_TWO_QUBIT_ERROR'
  | 'NAME'
  | 'PROVIDER'
  | 'QUBITS';

/** List price of a run. Simulators are free. */
export type BackendPricing = {
  __typename: 'BackendPricing';
  /** ISO 4217 currency code. */
  currency: Scalars['String']['output'];
  /** True when both prices are zero. */
  free: Scalars['Boolean']['output'];
  /** Price of each shot. */
  perShot: Scalars['Decimal']['output'];
  /** Price of each job, whatever its shots. */
  perTask: Scalars['Decimal']['output'];
};

/** One backend's queue: counts only, no job details. */
export type BackendQueue = {
  __typename: 'BackendQueue';
  /** The backend. */
  backend: Backend;
  /** Seconds a job submitted now would wait, median: (queued + running) × the median run time of the backend's last 50 finished jobs (1 s per job with no history). */
  estimatedWaitP50: Scalars['Float']['output'];
  /** The same with the 95th percentile run time: a pessimistic wait, seconds. */
  estimatedWaitP95: Scalars['Float']['output'];
  /** Median queue wait of the last 50 finished jobs, seconds. */
  observedWaitP50?: Maybe<Scalars['Float']['output']>;
  /** 95th percentile queue wait of the last 50 finished jobs, seconds. */
  observedWaitP95?: Maybe<Scalars['Float']['output']>;
  /** Jobs waiting. */
  queued: Scalars['Int']['output'];
  /** HIGH-priority jobs waiting. */
  queuedHigh: Scalars['Int']['output'];
  /** STANDARD jobs waiting. */
  queuedStandard: Scalars['Int']['output'];
  /** Jobs running. */
  running: Scalars['Int']['output'];
  /** HIGH-priority jobs running. */
  runningHigh: Scalars['Int']['output'];
  /** STANDARD jobs running. */
  runningStandard: Scalars['Int']['output'];
  /** Finished jobs the estimates are based on. */
  samples: Scalars['Int']['output'];
  /** The latest submission or start among its active jobs. */
  updatedAt?: Maybe<Scalars['DateTime']['output']>;
};

/** Figures over the whole catalog. */
export type BackendStats = {
  __typename: 'BackendStats';
  /** Counts by provider. */
  byProvider: Array<CountBy>;
  /** Counts by status. */
  byStatus: Array<CountBy>;
  /** Counts by technology. */
  byTechnology: Array<CountBy>;
  /** Qubits summed over real-device backends. */
  deviceQubits: Scalars['Int']['output'];
  /** Per device (non-simulator) medians, by name. */
  devices: Array<DeviceCalibrationStats>;
  /** The largest backend's qubit count. */
  maxQubits: Scalars['Int']['output'];
  /** Median of device median T1s. */
  medianT1Us?: Maybe<Scalars['Float']['output']>;
  /** Median of device median T2s. */
  medianT2Us?: Maybe<Scalars['Float']['output']>;
  /** Median of device median two-qubit errors. */
  medianTwoQubitError?: Maybe<Scalars['Float']['output']>;
  /** Backends in the catalog. */
  total: Scalars['Int']['output'];
  /** Qubits summed over every backend. */
  totalQubits: Scalars['Int']['output'];
};

/** Whether a backend takes jobs. */
export type BackendStatus =
  | 'MAINTENANCE'
  | 'OFFLINE'
  | 'ONLINE'
  | 'RETIRED'
  | 'UNAVAILABLE';

/** The backend takes no jobs now (maintenance, offline, retired). */
export type BackendUnavailableError = Error & {
  __typename: 'BackendUnavailableError';
  /** The backend. */
  backend: Scalars['String']['output'];
  /** A stable, machine-readable error code. */
  code: Scalars['String']['output'];
  /** What went wrong, for a person to read. */
  message: Scalars['String']['output'];
  /** Its status: MAINTENANCE, OFFLINE or RETIRED. */
  status: Scalars['String']['output'];
};

/** One backend's busy time in one ISO week (Monday, UTC). */
export type BackendUtilizationWeek = {
  __typename: 'BackendUtilizationWeek';
  /** The backend. */
  backendName: Scalars['String']['output'];
  /** Summed execution time, seconds. */
  busySeconds: Scalars['Float']['output'];
  /** Jobs finished that week. */
  jobs: Scalars['Int']['output'];
  /** Busy time over the part of the week inside the window, 0 to 1 (or more when jobs ran in parallel). */
  utilization: Scalars['Float']['output'];
  /** The Monday the week starts. */
  weekStart: Scalars['DateTime']['output'];
};

/** A user's bill for one calendar month (UTC) and one currency. A usage record is billed in the month its job COMPLETED (a job running across midnight goes to the month it completed in); a month without usage or fees has no bill. Each item is the exact sum of its charges, rounded once to the currency's minor unit with ROUND_HALF_EVEN (banker's rounding); the total is the sum of the rounded items. There are no taxes, so `total` equals `subtotal`. */
export type Bill = Node & {
  __typename: 'Bill';
  /** ISO 4217 code of every amount on it. */
  currency: Scalars['String']['output'];
  /** Whose bill it is. */
  customer?: Maybe<User>;
  /** The Globally Unique ID of this object */
  id: Scalars['ID']['output'];
  /** Sequential with no gaps, e.g. INV-000042; null while OPEN. */
  invoiceNumber?: Maybe<Scalars['String']['output']>;
  /** When the month close issued it. */
  issuedAt?: Maybe<Scalars['DateTime']['output']>;
  /** Its lines, grouped by backend, app and subscription fee: live while OPEN, frozen once ISSUED. */
  items: Array<BillingItem>;
  /** The first day of the month billed. */
  month: Scalars['Date']['output'];
  /** When it was marked paid. */
  paidAt?: Maybe<Scalars['DateTime']['output']>;
  /** The next month's start (exclusive). */
  periodEnd: Scalars['DateTime']['output'];
  /** The month's start, UTC. */
  periodStart: Scalars['DateTime']['output'];
  /** OPEN, ISSUED or PAID. */
  status: BillStatus;
  /** The sum of the items' amounts. */
  subtotal: Money;
  /** What is owed: the sum of the items' amounts (no taxes here). */
  total: Money;
};

/** A page of a list, with cursors to move through the rest. */
export type BillConnection = {
  __typename: 'BillConnection';
  /** The items of this page. */
  edges: Array<BillEdge>;
  /** Where this page sits in the list. */
  pageInfo: PageInfo;
  /** How many items the whole list holds, across every page. */
  totalCount: Scalars['Int']['output'];
};

/** An edge in a connection: one node and the cursor that points at it. */
export type BillEdge = {
  __typename: 'BillEdge';
  /** An opaque cursor; pass it as `after` or `before`. */
  cursor: Scalars['String']['output'];
  /** The item at the end of the edge. */
  node: Bill;
};

/** Narrow `bills` (admins). */
export type BillFilter = {
  /** Only this currency. */
  currency?: InputMaybe<Scalars['String']['input']>;
  /** Only this month (its first day). */
  month?: InputMaybe<Scalars['Date']['input']>;
  /** Only this status. */
  status?: InputMaybe<BillStatus>;
  /** Only this user's (a User global ID). */
  userId?: InputMaybe<Scalars['ID']['input']>;
};

/** OPEN while its month runs (items computed live from usage), ISSUED after the month close (items frozen, an invoice number given), PAID once an admin records payment. */
export type BillStatus =
  | 'ISSUED'
  | 'OPEN'
  | 'PAID';

/** The bill's status does not allow this (OPEN: not issued yet). */
export type BillStatusError = Error & {
  __typename: 'BillStatusError';
  /** A stable, machine-readable error code. */
  code: Scalars['String']['output'];
  /** What went wrong, for a person to read. */
  message: Scalars['String']['output'];
  /** The bill's status now: OPEN, ISSUED or PAID. */
  status: Scalars['String']['output'];
};

/** One line of a bill. Amounts are exact decimals. Each item is the exact sum of its charges, rounded once to the currency's minor unit with ROUND_HALF_EVEN (banker's rounding); the total is the sum of the rounded items. */
export type BillingItem = {
  __typename: 'BillingItem';
  /** The exact sum of its charges, rounded once. */
  amount: Money;
  /** The backend, app or subscription billed. */
  description: Scalars['String']['output'];
  /** Backend, app or subscription fee. */
  kind: BillingItemKind;
  /** Runs (completed jobs), or fee periods. */
  quantity: Scalars['Int']['output'];
  /** Shots of those runs (0 for fees). */
  shots: Scalars['Int']['output'];
};

/** What an item bills: a backend's runs, an app's runs, or a subscription's fees. */
export type BillingItemKind =
  | 'APP'
  | 'BACKEND'
  | 'SUBSCRIPTION_FEE';

/** What a flat price pays for. */
export type BillingPeriod =
  | 'MONTH'
  | 'YEAR';

/** How often one outcome was measured. */
export type BitstringCount = {
  __typename: 'BitstringCount';
  /** The classical bits, as Qiskit prints them. */
  bitstring: Scalars['String']['output'];
  /** How many shots gave it. */
  count: Scalars['Int']['output'];
};

/** The outcome of `cancelJob`. */
export type CancelJobResult = CancelJobSuccess | JobNotCancellableError | NotFoundError | RateLimitedError;

/** The job is cancelled. */
export type CancelJobSuccess = {
  __typename: 'CancelJobSuccess';
  /** The job as it is now. */
  job: Job;
};

/** The outcome of cancelling. */
export type CancelSubscriptionResult = NotFoundError | RateLimitedError | SubscriptionNotCancellableError | SubscriptionSuccess;

/** What a backend can do beyond its gates. */
export type CapabilityName =
  | 'DYNAMIC_CIRCUITS'
  | 'MAX_CIRCUITS_PER_JOB'
  | 'MAX_SHOTS'
  | 'MID_CIRCUIT_MEASUREMENT';

/** The outcome of `changePassword`. */
export type ChangePasswordResult = ChangePasswordSuccess | InvalidCredentialsError | InvalidInputError | ThrottledError;

/** The password was changed; your other sessions were signed out. */
export type ChangePasswordSuccess = {
  __typename: 'ChangePasswordSuccess';
  /** How many sessions were signed out. */
  revokedSessions: Scalars['Int']['output'];
};

/** The OpenQASM version. */
export type CircuitFormat =
  | 'QASM2'
  | 'QASM3';

/** The circuit asks for more work than a limit allows (program size, loop iterations, unrolled operations, gate-definition expansion, estimated simulation time or memory). */
export type CircuitLimitExceededError = Error & {
  __typename: 'CircuitLimitExceededError';
  /** A stable, machine-readable error code. */
  code: Scalars['String']['output'];
  /** Column of the construct at fault, from 1. */
  column: Scalars['Int']['output'];
  /** Which limit, e.g. `loop_iterations`, `operations`, `simulation_seconds`. */
  limit: Scalars['String']['output'];
  /** Line of the construct at fault, from 1. */
  line: Scalars['Int']['output'];
  /** The limit, in its own unit. */
  maximum: Scalars['Float']['output'];
  /** What went wrong, for a person to read. */
  message: Scalars['String']['output'];
  /** What the circuit asks for, same unit. */
  requested: Scalars['Float']['output'];
};

/** The circuit needs more qubits than the backend offers. */
export type CircuitTooLargeError = Error & {
  __typename: 'CircuitTooLargeError';
  /** Qubits the backend (or method) holds. */
  backendQubits: Scalars['Int']['output'];
  /** Qubits the circuit uses. */
  circuitQubits: Scalars['Int']['output'];
  /** A stable, machine-readable error code. */
  code: Scalars['String']['output'];
  /** What went wrong, for a person to read. */
  message: Scalars['String']['output'];
};

/** The outcome of `connectIbmAccount`. */
export type ConnectIbmAccountResult = ConnectIbmAccountSuccess | InvalidCredentialsError | InvalidInputError | ProviderUnavailableError | RateLimitedError;

/** The account is connected; `syncIbmJobs` imports its jobs. */
export type ConnectIbmAccountSuccess = {
  __typename: 'ConnectIbmAccountSuccess';
  /** The connected account. */
  account: ConnectedAccount;
};

/** A provider account you connected. Its token is stored encrypted and never shown. */
export type ConnectedAccount = {
  __typename: 'ConnectedAccount';
  /** The provider's API channel. */
  channel: Scalars['String']['output'];
  /** When the account was connected. */
  connectedAt: Scalars['DateTime']['output'];
  /** The provider instance (IBM: the instance CRN); null: the default. */
  instance?: Maybe<Scalars['String']['output']>;
  /** Why the last sync failed; null after a successful one. */
  lastError?: Maybe<Scalars['String']['output']>;
  /** When Qraph last imported this account's jobs. */
  lastSyncAt?: Maybe<Scalars['DateTime']['output']>;
  /** The provider: `IBM_QUANTUM`. */
  provider: Scalars['String']['output'];
};

/** The engineering control profile in force, and who set it when. */
export type ControlProfile = {
  __typename: 'ControlProfile';
  /** KPI backaction at or below: OK. */
  backactionOk: Scalars['Float']['output'];
  /** KPI backaction at or below: WARN. */
  backactionWarn: Scalars['Float']['output'];
  /** When it was set; null for the defaults, never changed. */
  changedAt?: Maybe<Scalars['DateTime']['output']>;
  /** The admin who set it (a User ID); null for the defaults. */
  changedById?: Maybe<Scalars['ID']['output']>;
  /** Shots of a run that names none. */
  defaultShots: Scalars['Int']['output'];
  /** The most shots one experiment run may plan; more is refused. */
  experimentShotCap: Scalars['Int']['output'];
  /** KPI fidelity at or above: OK. */
  fidelityOk: Scalars['Float']['output'];
  /** KPI fidelity at or above: WARN. */
  fidelityWarn: Scalars['Float']['output'];
  /** Above this many shots on a non-simulator backend, a run gets a warning. */
  largeBudgetWarningShots: Scalars['Int']['output'];
  /** KPI latency at or below: OK (µs). */
  latencyOkUs: Scalars['Float']['output'];
  /** The latency preset's probe rate when `params.rateHz` is not given. */
  latencyProbeRateHz: Scalars['Float']['output'];
  /** KPI latency at or below: WARN (µs). */
  latencyWarnUs: Scalars['Float']['output'];
};

/** Cost in one bucket on one backend for one app (or no app). */
export type CostPoint = {
  __typename: 'CostPoint';
  /** The app's global ID (runApp jobs); null for plain submitJob jobs. */
  appId?: Maybe<Scalars['ID']['output']>;
  /** The app's name, when any. */
  appName?: Maybe<Scalars['String']['output']>;
  /** The backend. */
  backendName: Scalars['String']['output'];
  /** What they cost. */
  cost: Money;
  /** Jobs finished. */
  jobs: Scalars['Int']['output'];
  /** The bucket's start (UTC). */
  start: Scalars['DateTime']['output'];
};

/** A count for one value of a grouping. */
export type CountBy = {
  __typename: 'CountBy';
  /** How many backends have it. */
  count: Scalars['Int']['output'];
  /** The value (a provider, status or technology). */
  key: Scalars['String']['output'];
};

/** A directed coupling between two physical qubits. */
export type CouplingEdge = {
  __typename: 'CouplingEdge';
  /** Control qubit of the two-qubit gate. */
  source: Scalars['Int']['output'];
  /** Target qubit of the two-qubit gate. */
  target: Scalars['Int']['output'];
};

/** A new API key. */
export type CreateApiKeyInput = {
  /** When it stops working: in the future, at most a year ahead. Null: never. */
  expiresAt?: InputMaybe<Scalars['DateTime']['input']>;
  /** What the key is for (1 to 100 characters). */
  name: Scalars['String']['input'];
  /** Requests per minute (1 to 10000). It can lower your role's default, never raise it. */
  rateLimit?: InputMaybe<Scalars['Int']['input']>;
  /** At least one scope, each one allowed by your role. */
  scopes: Array<ApiKeyScope>;
};

/** The outcome of `createApiKey`. */
export type CreateApiKeyResult = CreateApiKeySuccess | EmailNotVerifiedError | ForbiddenError | InvalidInputError | RateLimitedError;

/** The key was created. Copy `secret` now: it is never shown again. */
export type CreateApiKeySuccess = {
  __typename: 'CreateApiKeySuccess';
  /** The new key. */
  apiKey: ApiKey;
  /** The key itself (`qk_…`): send it as `Authorization: Bearer` or `X-API-Key`. */
  secret: Scalars['String']['output'];
};

/** A new version of an app, created as a DRAFT. */
export type CreateAppVersionInput = {
  /** Per input name: `minimum`, `maximum`, `enum` (numbers) and `description`, e.g. `{"theta": {"minimum": 0, "maximum": 6.283}}`. They must fit the declared types. */
  constraints?: InputMaybe<Scalars['JSON']['input']>;
  /** Shots a run takes unless told (1 to 100,000; 1,024). */
  defaultShots?: InputMaybe<Scalars['Int']['input']>;
  /** Markdown, at most 100,000 characters. */
  documentation?: InputMaybe<Scalars['String']['input']>;
  /** Markdown, at most 20,000 characters. */
  releaseNotes?: InputMaybe<Scalars['String']['input']>;
  /** The SDK it was built with, e.g. `qiskit 2.2` (default qiskit). */
  sdk?: InputMaybe<Scalars['String']['input']>;
  /** OpenQASM 3 with its parameters declared as `input angle[32] theta;` or `input float[64] x;`, parsed as jobs are: an error comes back with its line and column. */
  template: Scalars['String']['input'];
  /** A semantic version: `1.2.0`, `2.0.0-rc.1`. */
  version: Scalars['String']['input'];
};

/** The outcome of `createAppVersion`. */
export type CreateAppVersionResult = AppArchivedError | CircuitLimitExceededError | CreateAppVersionSuccess | ForbiddenError | InvalidCircuitError | InvalidInputError | NotFoundError | RateLimitedError;

/** The version was created as a DRAFT. */
export type CreateAppVersionSuccess = {
  __typename: 'CreateAppVersionSuccess';
  /** The version. */
  version: AppVersion;
};

/** A new project. */
export type CreateProjectInput = {
  /** At most 5,000 characters. */
  description?: InputMaybe<Scalars['String']['input']>;
  /** 1 to 100 characters, one line. */
  name: Scalars['String']['input'];
};

/** The outcome of `createProject`. */
export type CreateProjectResult = CreateProjectSuccess | ForbiddenError | InvalidInputError;

/** The project was created. */
export type CreateProjectSuccess = {
  __typename: 'CreateProjectSuccess';
  /** The project. */
  project: Project;
};

/** A new subscription key. */
export type CreateSubscriptionKeyInput = {
  /** When it stops working (at most a year on); null: never. */
  expiresAt?: InputMaybe<Scalars['DateTime']['input']>;
  /** 1 to 100 characters, to tell keys apart. */
  name: Scalars['String']['input'];
  /** Runs per minute it may start (1 to 10,000); null: no limit. */
  rateLimit?: InputMaybe<Scalars['Int']['input']>;
  /** The PlanSubscription's ID. */
  subscriptionId: Scalars['ID']['input'];
};

/** The outcome of the creation. */
export type CreateSubscriptionKeyResult = CreateSubscriptionKeySuccess | InvalidInputError | NotFoundError | RateLimitedError;

/** The key is made: its secret is shown here once and never again. */
export type CreateSubscriptionKeySuccess = {
  __typename: 'CreateSubscriptionKeySuccess';
  /** The key. */
  key: SubscriptionKey;
  /** Send it on runApp as the `X-Qraph-Subscription-Key` header. Shown once. */
  secret: Scalars['String']['output'];
};

/** A home page's bundle. Each part is read only when selected; together they cost a constant number of SQL statements, whatever your number of jobs. */
export type Dashboard = {
  __typename: 'Dashboard';
  /** Your newest experiment runs (admins: anyone's), newest first. */
  latestExperimentRuns: Array<ExperimentRun>;
  /** Your shot usage against your budget. */
  myUsage: ShotUsage;
  /** Totals over every queue. */
  queueSummary: QueueSummary;
  /** Your newest jobs (admins: anyone's), up to `limit` (≤ 100). */
  recentJobs: Array<Job>;
  /** The service's state. */
  systemStatus: SystemStatus;
  /** Backends with the best KPIs over the last 24 hours, best first. */
  topBackends: Array<TopBackend>;
};


/** A home page's bundle. Each part is read only when selected; together they cost a constant number of SQL statements, whatever your number of jobs. */
export type DashboardLatestExperimentRunsArgs = {
  limit?: Scalars['Int']['input'];
};


/** A home page's bundle. Each part is read only when selected; together they cost a constant number of SQL statements, whatever your number of jobs. */
export type DashboardRecentJobsArgs = {
  limit?: Scalars['Int']['input'];
};


/** A home page's bundle. Each part is read only when selected; together they cost a constant number of SQL statements, whatever your number of jobs. */
export type DashboardTopBackendsArgs = {
  n?: Scalars['Int']['input'];
};

/** The outcome of `deleteProject`. */
export type DeleteProjectResult = DeleteProjectSuccess | NotFoundError | ProjectHasPublishedVersionsError;

/** The project (and its unpublished app, if any) was deleted. */
export type DeleteProjectSuccess = {
  __typename: 'DeleteProjectSuccess';
  /** The deleted project's ID. */
  deletedId: Scalars['ID']['output'];
};

/** Calibration medians of one device. */
export type DeviceCalibrationStats = {
  __typename: 'DeviceCalibrationStats';
  /** The device. */
  backend: Backend;
  /** Median T1, µs. */
  medianT1Us?: Maybe<Scalars['Float']['output']>;
  /** Median T2, µs. */
  medianT2Us?: Maybe<Scalars['Float']['output']>;
  /** Median 2-qubit error. */
  medianTwoQubitError?: Maybe<Scalars['Float']['output']>;
  /** Its qubit count. */
  qubits: Scalars['Int']['output'];
};

/** The outcome of `disconnectIbmAccount`. */
export type DisconnectIbmAccountResult = DisconnectIbmAccountSuccess | NotFoundError | RateLimitedError;

/** The account and its stored token are gone; imported jobs stay. */
export type DisconnectIbmAccountSuccess = {
  __typename: 'DisconnectIbmAccountSuccess';
  /** The provider disconnected: `IBM_QUANTUM`. */
  provider: Scalars['String']['output'];
};

/** The outcome of `downloadAppVersion`. */
export type DownloadAppVersionResult = DownloadLink | NotFoundError;

/** The outcome of `downloadInvoice`. */
export type DownloadInvoiceResult = BillStatusError | InvoiceLink | NotFoundError;

/** A link to download the version's package (.tar.gz: manifest.json, circuit.qasm, README.md). It works for a few minutes, for whoever holds it; each download is counted. */
export type DownloadLink = {
  __typename: 'DownloadLink';
  /** The registry entry. */
  entry: RegistryEntry;
  /** When the link stops working. */
  expiresAt: Scalars['DateTime']['output'];
  /** Hex SHA-256 of the package to check it against. */
  sha256: Scalars['String']['output'];
  /** The package's size in bytes. */
  size: Scalars['Int']['output'];
  /** GET it; signed, short-lived. */
  url: Scalars['String']['output'];
};

/** Confirm your email address first: running circuits and creating API keys need a verified account. */
export type EmailNotVerifiedError = Error & {
  __typename: 'EmailNotVerifiedError';
  /** A stable, machine-readable error code. */
  code: Scalars['String']['output'];
  /** What went wrong, for a person to read. */
  message: Scalars['String']['output'];
};

/** The outcome of `enableDeveloperAccount`. */
export type EnableDeveloperAccountResult = EnableDeveloperAccountSuccess | InvalidInputError | RateLimitedError;

/** You are a developer: projects and apps are open to you. */
export type EnableDeveloperAccountSuccess = {
  __typename: 'EnableDeveloperAccountSuccess';
  /** An access token for this session carrying the new role; use it from now on (your old one lacks the role until it is refreshed). Null for an API key. */
  accessToken?: Maybe<Scalars['String']['output']>;
  /** When that access token expires. */
  accessTokenExpiresAt?: Maybe<Scalars['DateTime']['output']>;
  /** When you first accepted the developer terms. */
  termsAcceptedAt: Scalars['DateTime']['output'];
  /** You, with the DEVELOPER role. */
  user: User;
};

/** An expected failure: a stable `code` and a readable message. */
export type Error = {
  /** A stable, machine-readable error code. */
  code: Scalars['String']['output'];
  /** What went wrong, for a person to read. */
  message: Scalars['String']['output'];
};

/** The run's KPI bundle (seed 002). Each figure is judged alone by the control profile's thresholds and `status` is the worst: fidelity OK ≥ fidelityOk (default 0.9), WARN ≥ fidelityWarn (0.7), else FAIL; latencyUs OK ≤ latencyOkUs (2 s), WARN ≤ latencyWarnUs (20 s), else FAIL; backaction OK ≤ backactionOk (0.1), WARN ≤ backactionWarn (0.3), else FAIL (not judged in dpd_demo, which exists to measure it); a FAILED job makes it FAIL. Null until the run is analysed. */
export type ExperimentKpis = {
  __typename: 'ExperimentKpis';
  /** dpd_demo: TVD between the system qubit's final distributions with and without the strongest probe, ½ Σ_x |p_with(x) − p_without(x)|, from 0 to 1. */
  backaction?: Maybe<Scalars['Float']['output']>;
  /** health: 1 − error per Clifford (RB); backend_compare: the lowest Hellinger fidelity against the ideal, (Σ_x √(p(x)·q(x)))²; null where the preset has none. */
  fidelity?: Maybe<Scalars['Float']['output']>;
  /** End-to-end (submitted to finished) median of the run's jobs, in µs. */
  latencyUs?: Maybe<Scalars['Float']['output']>;
  /** Shots the run planned to spend. */
  shotBudget: Scalars['Int']['output'];
  /** Shots of the run's completed jobs. */
  shotsUsed: Scalars['Int']['output'];
  /** The worst verdict of the figures; null for a cancelled run. */
  status?: Maybe<KpiStatus>;
};

/** health: T1, T2 (Hahn echo), readout error and RB of one qubit; latency: paced probe circuits; backend_compare: one circuit on several backends; dpd_demo: drive, probe, drive. */
export type ExperimentPreset =
  | 'backend_compare'
  | 'dpd_demo'
  | 'health'
  | 'latency';

/** An experiment: a preset run as ordinary Qraph jobs (queues, budgets, cost and cancel apply), analysed by a worker once its last job is final. */
export type ExperimentRun = Node & {
  __typename: 'ExperimentRun';
  /** The backends it runs on. */
  backends: Array<Scalars['String']['output']>;
  /** Submitted at. */
  createdAt: Scalars['DateTime']['output'];
  /** Why the analysis failed, if so. */
  errorMessage?: Maybe<Scalars['String']['output']>;
  /** Analysed at; null before. */
  finishedAt?: Maybe<Scalars['DateTime']['output']>;
  /** The Globally Unique ID of this object */
  id: Scalars['ID']['output'];
  /** Its jobs, in planned order. */
  jobs: Array<Job>;
  /** The run's KPI bundle (seed 002). Each figure is judged alone by the control profile's thresholds and `status` is the worst: fidelity OK ≥ fidelityOk (default 0.9), WARN ≥ fidelityWarn (0.7), else FAIL; latencyUs OK ≤ latencyOkUs (2 s), WARN ≤ latencyWarnUs (20 s), else FAIL; backaction OK ≤ backactionOk (0.1), WARN ≤ backactionWarn (0.3), else FAIL (not judged in dpd_demo, which exists to measure it); a FAILED job makes it FAIL. Null until the run is analysed. */
  kpis?: Maybe<ExperimentKpis>;
  /** The preset's parameters, as given. */
  params: Scalars['JSON']['output'];
  /** Which preset. */
  preset: ExperimentPreset;
  /** The qubits asked for (health: one). */
  qubits: Array<Scalars['Int']['output']>;
  /** The preset's result, as JSON. health: `t1`, `t2` (µs) and `readout` each with `fitted` {value, stderr, reducedChi2, quality} beside `calibrated` (the snapshot's value for the physical qubit used; T2 capped at 2·T1 as the emulator relaxes), `rb` {alpha, errorPerClifford}; latency: per backend `queueWaitUs`, `executionUs`, `endToEndUs` {p50, p95, max, n}; backend_compare: per backend `hellingerFidelity` against the ideal, `pairs` {hellingerDistance = √(1 − Σ√(p·q)), tvd = ½ Σ|p − q|}, `ranking` best first; dpd_demo: `withoutProbe` and a `sweep` of {strength θ, backaction = ½ Σ_x |p_θ(x) − p_0(x)| over the system qubit}. */
  result?: Maybe<Scalars['JSON']['output']>;
  /** Shots per job. */
  shots: Scalars['Int']['output'];
  /** Stored once analysed; before, from its jobs. */
  status: ExperimentRunStatus;
  /** Guardrail warnings that did not stop it. */
  warnings: Array<Scalars['String']['output']>;
};

/** A page of a list, with cursors to move through the rest. */
export type ExperimentRunConnection = {
  __typename: 'ExperimentRunConnection';
  /** The items of this page. */
  edges: Array<ExperimentRunEdge>;
  /** Where this page sits in the list. */
  pageInfo: PageInfo;
  /** How many items the whole list holds, across every page. */
  totalCount: Scalars['Int']['output'];
};

/** An edge in a connection: one node and the cursor that points at it. */
export type ExperimentRunEdge = {
  __typename: 'ExperimentRunEdge';
  /** An opaque cursor; pass it as `after` or `before`. */
  cursor: Scalars['String']['output'];
  /** The item at the end of the edge. */
  node: ExperimentRun;
};

/** Which experiment runs to list. */
export type ExperimentRunFilter = {
  /** Only this preset. */
  preset?: InputMaybe<ExperimentPreset>;
  /** Only runs in one of these statuses. */
  statuses?: InputMaybe<Array<ExperimentRunStatus>>;
};

/** QUEUED: no job started; RUNNING: some job started; ANALYSING: every job is final and the worker's analysis is due; then COMPLETED (some job completed), FAILED or CANCELLED. */
export type ExperimentRunStatus =
  | 'ANALYSING'
  | 'CANCELLED'
  | 'COMPLETED'
  | 'FAILED'
  | 'QUEUED'
  | 'RUNNING';

/** Your role or key scopes do not allow this. */
export type ForbiddenError = Error & {
  __typename: 'ForbiddenError';
  /** A stable, machine-readable error code. */
  code: Scalars['String']['output'];
  /** What went wrong, for a person to read. */
  message: Scalars['String']['output'];
};

/** One gate on one tuple of qubits: its error and duration. */
export type GateCalibration = {
  __typename: 'GateCalibration';
  /** When this was measured. */
  calibratedAt?: Maybe<Scalars['DateTime']['output']>;
  /** Gate duration, ns. */
  durationNs?: Maybe<Scalars['Float']['output']>;
  /** Gate error (1 - fidelity). */
  error?: Maybe<Scalars['Float']['output']>;
  /** Gate name, as in the basis gates. */
  gate: Scalars['String']['output'];
  /** The physical qubits it acts on. */
  qubits: Array<Scalars['Int']['output']>;
};

/** A page of a list, with cursors to move through the rest. */
export type GateCalibrationConnection = {
  __typename: 'GateCalibrationConnection';
  /** The items of this page. */
  edges: Array<GateCalibrationEdge>;
  /** Where this page sits in the list. */
  pageInfo: PageInfo;
  /** How many items the whole list holds, across every page. */
  totalCount: Scalars['Int']['output'];
};

/** An edge in a connection: one node and the cursor that points at it. */
export type GateCalibrationEdge = {
  __typename: 'GateCalibrationEdge';
  /** An opaque cursor; pass it as `after` or `before`. */
  cursor: Scalars['String']['output'];
  /** The item at the end of the edge. */
  node: GateCalibration;
};

/** The outcome of `hideReview`. */
export type HideReviewResult = ForbiddenError | HideReviewSuccess | NotFoundError;

/** The review is hidden (or shown again); the app's rating follows. */
export type HideReviewSuccess = {
  __typename: 'HideReviewSuccess';
  /** The app's rating now. */
  rating: RatingSummary;
  /** The review. */
  review: Review;
};

/** Why the job at `index` (from 0) was refused. */
export type IndexedError = {
  __typename: 'IndexedError';
  /** The refusal, as `submitJob` would return it. */
  error: Error;
  /** Position in `inputs`, from 0. */
  index: Scalars['Int']['output'];
};

/** The inputs do not match the version's input schema. */
export type InvalidAppInputsError = Error & {
  __typename: 'InvalidAppInputsError';
  /** A stable, machine-readable error code. */
  code: Scalars['String']['output'];
  /** One per failing path. */
  errors: Array<AppInputProblem>;
  /** What went wrong, for a person to read. */
  message: Scalars['String']['output'];
};

/** The circuit does not parse; `line` and `column` are 1-based. */
export type InvalidCircuitError = Error & {
  __typename: 'InvalidCircuitError';
  /** A stable, machine-readable error code. */
  code: Scalars['String']['output'];
  /** Column of the first error, from 1. */
  column: Scalars['Int']['output'];
  /** Line of the first error, from 1. */
  line: Scalars['Int']['output'];
  /** What went wrong, for a person to read. */
  message: Scalars['String']['output'];
};

/** The login, token or key does not check out. */
export type InvalidCredentialsError = Error & {
  __typename: 'InvalidCredentialsError';
  /** A stable, machine-readable error code. */
  code: Scalars['String']['output'];
  /** What went wrong, for a person to read. */
  message: Scalars['String']['output'];
};

/** An argument failed validation. */
export type InvalidInputError = Error & {
  __typename: 'InvalidInputError';
  /** A stable, machine-readable error code. */
  code: Scalars['String']['output'];
  /** The argument at fault, when known. */
  field?: Maybe<Scalars['String']['output']>;
  /** What went wrong, for a person to read. */
  message: Scalars['String']['output'];
};

/** The subscription key is unknown, revoked, expired, ended, or for another app. */
export type InvalidSubscriptionKeyError = Error & {
  __typename: 'InvalidSubscriptionKeyError';
  /** A stable, machine-readable error code. */
  code: Scalars['String']['output'];
  /** What went wrong, for a person to read. */
  message: Scalars['String']['output'];
};

/** The version's status does not allow this move. */
export type InvalidVersionTransitionError = Error & {
  __typename: 'InvalidVersionTransitionError';
  /** A stable, machine-readable error code. */
  code: Scalars['String']['output'];
  /** What went wrong, for a person to read. */
  message: Scalars['String']['output'];
  /** The status asked for. */
  requested: Scalars['String']['output'];
  /** The version's status now. */
  status: Scalars['String']['output'];
};

/** A link to the bill's invoice PDF. It works for a few minutes, for whoever holds it. */
export type InvoiceLink = {
  __typename: 'InvoiceLink';
  /** The bill invoiced. */
  bill: Bill;
  /** When the link stops working. */
  expiresAt: Scalars['DateTime']['output'];
  /** GET it; signed, short-lived. */
  url: Scalars['String']['output'];
};

/** A circuit run on a backend: its lifecycle, result, cost and KPIs. */
export type Job = Node & {
  __typename: 'Job';
  /** What the run cost; null until run. */
  actualCost?: Maybe<Money>;
  /** The app this job runs (runApp); null for a plain submitJob. */
  app?: Maybe<QuantumApp>;
  /** The app version this job runs (runApp); null for a plain submitJob. */
  appVersion?: Maybe<AppVersion>;
  /** Where it runs. */
  backend?: Maybe<Backend>;
  /** Cancel asked at. */
  cancelRequestedAt?: Maybe<Scalars['DateTime']['output']>;
  /** The program. */
  circuit: JobCircuit;
  /** List price at submission: per-task price + per-shot price × shots. */
  costEstimate: Money;
  /** Submitted at. */
  createdAt: Scalars['DateTime']['output'];
  /** Circuit depth. */
  depth: Scalars['Int']['output'];
  /** Why it failed; null otherwise. */
  error?: Maybe<JobError>;
  /** While QUEUED: now + (running + jobs ahead) × the backend's median run time over its last 50 finished jobs (1 s with no history). The start time once started; null if it never started. */
  estimatedStartAt?: Maybe<Scalars['DateTime']['output']>;
  /** Seconds the run took; null until it finishes. */
  executionTime?: Maybe<Scalars['Float']['output']>;
  /** Finished or cancelled at. */
  finishedAt?: Maybe<Scalars['DateTime']['output']>;
  /** The Globally Unique ID of this object */
  id: Scalars['ID']['output'];
  /** Fidelity, latencies and their verdict. */
  kpis: JobKpis;
  /** The owner's label. */
  name?: Maybe<Scalars['String']['output']>;
  /** Who submitted it. */
  owner?: Maybe<User>;
  /** Queue priority. */
  priority: Priority;
  /** Who runs it: its backend's provider. */
  provider?: Maybe<Provider>;
  /** The job's id at a remote provider; null for local simulators. */
  providerJobId?: Maybe<Scalars['String']['output']>;
  /** The remote provider's own word for the job's state (e.g. QUEUED, Waiting). */
  providerStatus?: Maybe<Scalars['String']['output']>;
  /** Qubits the circuit declares. */
  qubits: Scalars['Int']['output'];
  /** While QUEUED: 1-based place among its backend's queued jobs, HIGH priority before STANDARD, then oldest first. Null otherwise. */
  queuePosition?: Maybe<Scalars['Int']['output']>;
  /** Seconds from submission to start; null until it starts. */
  queueWait?: Maybe<Scalars['Float']['output']>;
  /** Counts; null until COMPLETED. */
  result?: Maybe<JobResult>;
  /** Shots asked for. */
  shots: Scalars['Int']['output'];
  /** QRAPH: submitted through Qraph; IMPORTED: found at a provider. */
  source: JobSource;
  /** Started running at. */
  startedAt?: Maybe<Scalars['DateTime']['output']>;
  /** Where it is now. */
  status: JobStatus;
  /** Every status it took, oldest first. */
  statusHistory: Array<JobStatusChange>;
  /** The owner's labels. */
  tags: Array<Scalars['String']['output']>;
};

/** The submitted program. */
export type JobCircuit = {
  __typename: 'JobCircuit';
  /** Its OpenQASM version. */
  format: CircuitFormat;
  /** The OpenQASM text as submitted. */
  source: Scalars['String']['output'];
};

/** A page of a list, with cursors to move through the rest. */
export type JobConnection = {
  __typename: 'JobConnection';
  /** The items of this page. */
  edges: Array<JobEdge>;
  /** Where this page sits in the list. */
  pageInfo: PageInfo;
  /** How many items the whole list holds, across every page. */
  totalCount: Scalars['Int']['output'];
};

/** An edge in a connection: one node and the cursor that points at it. */
export type JobEdge = {
  __typename: 'JobEdge';
  /** An opaque cursor; pass it as `after` or `before`. */
  cursor: Scalars['String']['output'];
  /** The item at the end of the edge. */
  node: Job;
};

/** Why a job failed. */
export type JobError = {
  __typename: 'JobError';
  /** A stable, machine-readable code. */
  code: Scalars['String']['output'];
  /** What went wrong, for a person. */
  message: Scalars['String']['output'];
};

/** Which jobs to list; every given condition must hold. */
export type JobFilter = {
  /** On this backend. */
  backend?: InputMaybe<Scalars['String']['input']>;
  /** Submitted after. */
  createdAfter?: InputMaybe<Scalars['DateTime']['input']>;
  /** Submitted before. */
  createdBefore?: InputMaybe<Scalars['DateTime']['input']>;
  /** Name contains this, in any case. */
  nameContains?: InputMaybe<Scalars['String']['input']>;
  /** Admins: only this user's jobs (a User ID). Ignored for others. */
  ownerId?: InputMaybe<Scalars['ID']['input']>;
  /** Any of these statuses. */
  status?: InputMaybe<Array<JobStatus>>;
  /** Carrying all these tags. */
  tags?: InputMaybe<Array<Scalars['String']['input']>>;
};

/** A job's KPIs. Verdicts: fidelity ok ≥ 0.9, warn ≥ 0.7, else fail; queue wait ok ≤ 60 s, warn ≤ 600 s, else fail; execution ok ≤ 10 s, warn ≤ 60 s, else fail. */
export type JobKpis = {
  __typename: 'JobKpis';
  /** Milliseconds the run took; ok ≤ 10,000, warn ≤ 60,000. */
  executionMs?: Maybe<Scalars['Float']['output']>;
  /** Hellinger fidelity of the counts against the ideal distribution, 0 to 1; null until completed. ok ≥ 0.9, warn ≥ 0.7, else fail. */
  fidelity?: Maybe<Scalars['Float']['output']>;
  /** Milliseconds from submission to start; ok ≤ 60,000, warn ≤ 600,000. */
  queueWaitMs?: Maybe<Scalars['Float']['output']>;
  /** The owner's shot budget for the rolling period. */
  shotBudget?: Maybe<Scalars['Int']['output']>;
  /** Shots charged to the owner's budget for this job (at submission). */
  shotsUsed: Scalars['Int']['output'];
  /** The worst verdict of the figures; FAIL for a failed job; null until done. */
  status?: Maybe<KpiStatus>;
};

/** The job already finished, so it cannot be cancelled. */
export type JobNotCancellableError = Error & {
  __typename: 'JobNotCancellableError';
  /** A stable, machine-readable error code. */
  code: Scalars['String']['output'];
  /** What went wrong, for a person to read. */
  message: Scalars['String']['output'];
  /** Its status: COMPLETED, FAILED or CANCELLED. */
  status: Scalars['String']['output'];
};

/** How to sort jobs. */
export type JobOrder = {
  /** Newest or largest first by default. */
  direction?: OrderDirection;
  /** The sort key. */
  field?: JobOrderField;
};

/** What to sort jobs by. */
export type JobOrderField =
  | 'CREATED_AT'
  | 'QUBITS'
  | 'SHOTS';

/** What a completed job measured. */
export type JobResult = {
  __typename: 'JobResult';
  /** Counts, most frequent first. */
  counts: Array<BitstringCount>;
  /** Shots run (the sum of the counts). */
  shots: Scalars['Int']['output'];
};

/** Where a job came from. */
export type JobSource =
  | 'IMPORTED'
  | 'QRAPH';

/** Figures over your jobs (admins: everyone's). */
export type JobStats = {
  __typename: 'JobStats';
  /** Counts by status. */
  byStatus: Array<JobStatusCount>;
  /** Mean run time, seconds. */
  meanExecutionTime?: Maybe<Scalars['Float']['output']>;
  /** Mean queue wait, seconds. */
  meanQueueWait?: Maybe<Scalars['Float']['output']>;
  /** 95th pct. run time, s. */
  p95ExecutionTime?: Maybe<Scalars['Float']['output']>;
  /** 95th percentile wait, s. */
  p95QueueWait?: Maybe<Scalars['Float']['output']>;
  /** COMPLETED / (COMPLETED + FAILED), 0 to 1; null before any finished. */
  successRate?: Maybe<Scalars['Float']['output']>;
  /** Jobs submitted. */
  total: Scalars['Int']['output'];
};

/** Where a job is in its lifecycle. */
export type JobStatus =
  | 'CANCELLED'
  | 'COMPLETED'
  | 'FAILED'
  | 'QUEUED'
  | 'RUNNING';

/** One status a job took, when, and why. */
export type JobStatusChange = {
  __typename: 'JobStatusChange';
  /** When. */
  at: Scalars['DateTime']['output'];
  /** Why, e.g. `submitted`, `cancelled by owner`. */
  note?: Maybe<Scalars['String']['output']>;
  /** The status entered. */
  status: JobStatus;
};

/** How many jobs have one status. */
export type JobStatusCount = {
  __typename: 'JobStatusCount';
  /** How many jobs have it. */
  count: Scalars['Int']['output'];
  /** The status. */
  status: JobStatus;
};

/** Jobs submitted on one UTC day, by their current status. */
export type JobTrendDay = {
  __typename: 'JobTrendDay';
  /** Counts by status. */
  byStatus: Array<JobStatusCount>;
  /** The UTC day. */
  day: Scalars['Date']['output'];
  /** Jobs submitted that day. */
  total: Scalars['Int']['output'];
};

/** A KPI verdict: ok, warn or fail. */
export type KpiStatus =
  | 'FAIL'
  | 'OK'
  | 'WARN';

/** A latency over a set of jobs, in milliseconds. */
export type LatencyFigures = {
  __typename: 'LatencyFigures';
  /** Jobs that have this figure. */
  count: Scalars['Int']['output'];
  /** Largest. */
  maxMs?: Maybe<Scalars['Float']['output']>;
  /** Mean. */
  meanMs?: Maybe<Scalars['Float']['output']>;
  /** Median (from the histogram). */
  p50Ms?: Maybe<Scalars['Float']['output']>;
  /** 95th percentile (from the histogram). */
  p95Ms?: Maybe<Scalars['Float']['output']>;
  /** 99th percentile (from the histogram). */
  p99Ms?: Maybe<Scalars['Float']['output']>;
};

/** The listing cannot be bought now (delisted, archived, no trial, or yours). */
export type ListingNotPurchasableError = Error & {
  __typename: 'ListingNotPurchasableError';
  /** A stable, machine-readable error code. */
  code: Scalars['String']['output'];
  /** What went wrong, for a person to read. */
  message: Scalars['String']['output'];
};

/** DRAFT: only its owner sees it; LISTED: in the marketplace; DELISTED: taken off. */
export type ListingStatus =
  | 'DELISTED'
  | 'DRAFT'
  | 'LISTED';

/** The outcome of `login`. */
export type LoginResult = InvalidCredentialsError | LoginSuccess | ThrottledError;

/** Signed in: send `accessToken` as `Authorization: Bearer ...`. */
export type LoginSuccess = {
  __typename: 'LoginSuccess';
  /** A short-lived JWT for API calls. */
  accessToken: Scalars['String']['output'];
  /** When the access token stops working; refresh before then. */
  accessTokenExpiresAt: Scalars['DateTime']['output'];
  /** Trade it for new tokens with `refresh`. It works once: keep the newest. */
  refreshToken: Scalars['String']['output'];
  /** When the session ends; sign in again after that. */
  refreshTokenExpiresAt: Scalars['DateTime']['output'];
  /** The session these tokens belong to. */
  session: Session;
  /** Who signed in. */
  user: User;
};

/** The outcome of `markAllNotificationsRead`. */
export type MarkAllNotificationsReadResult = InvalidInputError | MarkAllNotificationsReadSuccess;

/** Every unread notification of yours is marked read. */
export type MarkAllNotificationsReadSuccess = {
  __typename: 'MarkAllNotificationsReadSuccess';
  /** How many were unread and are now read. */
  marked: Scalars['Int']['output'];
};

/** The outcome of `markBillPaid`. */
export type MarkBillPaidResult = BillStatusError | ForbiddenError | MarkBillPaidSuccess | NotFoundError;

/** The bill is marked PAID. */
export type MarkBillPaidSuccess = {
  __typename: 'MarkBillPaidSuccess';
  /** The bill, PAID. */
  bill: Bill;
};

/** The outcome of `markNotificationRead`. */
export type MarkNotificationReadResult = MarkNotificationReadSuccess | NotFoundError;

/** The notification is marked read. */
export type MarkNotificationReadSuccess = {
  __typename: 'MarkNotificationReadSuccess';
  /** The notification, now read. */
  notification: Notification;
};

/** An app offered for a price in the marketplace. */
export type MarketplaceListing = Node & {
  __typename: 'MarketplaceListing';
  /** The app offered. */
  app?: Maybe<QuantumApp>;
  /** At most this is charged for runs per period (optional). */
  capPerPeriod?: Maybe<Money>;
  /** When it was made. */
  createdAt: Scalars['DateTime']['output'];
  /** When it was last delisted. */
  delistedAt?: Maybe<Scalars['DateTime']['output']>;
  /** The price per period, if any. */
  flatPrice?: Maybe<Money>;
  /** True when every price is zero. */
  free: Scalars['Boolean']['output'];
  /** The Globally Unique ID of this object */
  id: Scalars['ID']['output'];
  /** When it was last listed. */
  listedAt?: Maybe<Scalars['DateTime']['output']>;
  /** The price per run, if any. */
  perRunPrice?: Maybe<Money>;
  /** The flat price's period. */
  period?: Maybe<BillingPeriod>;
  /** How it is priced. */
  pricingModel: PricingModel;
  /** Where it is. */
  status: ListingStatus;
  /** Where users ask for help. */
  supportEmail: Scalars['String']['output'];
  /** Support page. */
  supportUrl?: Maybe<Scalars['String']['output']>;
  /** Days of free trial (0 to 90). */
  trialDays: Scalars['Int']['output'];
  /** When it last changed. */
  updatedAt: Scalars['DateTime']['output'];
};

/** The listing as it is now. */
export type MarketplaceListingChanged = {
  __typename: 'MarketplaceListingChanged';
  /** The listing. */
  listing: MarketplaceListing;
};

/** A page of a list, with cursors to move through the rest. */
export type MarketplaceListingConnection = {
  __typename: 'MarketplaceListingConnection';
  /** The items of this page. */
  edges: Array<MarketplaceListingEdge>;
  /** Where this page sits in the list. */
  pageInfo: PageInfo;
  /** How many items the whole list holds, across every page. */
  totalCount: Scalars['Int']['output'];
};

/** An edge in a connection: one node and the cursor that points at it. */
export type MarketplaceListingEdge = {
  __typename: 'MarketplaceListingEdge';
  /** An opaque cursor; pass it as `after` or `before`. */
  cursor: Scalars['String']['output'];
  /** The item at the end of the edge. */
  node: MarketplaceListing;
};

/** A listing's terms. Prices share one currency. */
export type MarketplaceListingInput = {
  /** Optional cap on what runs cost per period (PER_RUN models). */
  capPerPeriod?: InputMaybe<MoneyInput>;
  /** Keep it a DRAFT (unlisted) instead of listing it now. */
  draft?: Scalars['Boolean']['input'];
  /** FLAT models. */
  flatPrice?: InputMaybe<MoneyInput>;
  /** PER_RUN models. */
  perRunPrice?: InputMaybe<MoneyInput>;
  /** FLAT models. */
  period?: InputMaybe<BillingPeriod>;
  pricingModel: PricingModel;
  /** Where users ask for help. */
  supportEmail: Scalars['String']['input'];
  /** An http(s) URL. */
  supportUrl?: InputMaybe<Scalars['String']['input']>;
  /** 0 to 90. */
  trialDays?: Scalars['Int']['input'];
};

/** The outcome of `publishToMarketplace`, `updateMarketplaceListing` and `delistMarketplaceListing`. */
export type MarketplaceListingResult = AppArchivedError | ForbiddenError | InvalidInputError | MarketplaceListingChanged | NotFoundError;

/** An amount of money. */
export type Money = {
  __typename: 'Money';
  /** The amount. */
  amount: Scalars['Decimal']['output'];
  /** ISO 4217 currency code. */
  currency: Scalars['String']['output'];
};

/** An amount of money: a decimal (never a float) and a currency. */
export type MoneyInput = {
  /** e.g. `9.99`; non-negative. */
  amount: Scalars['Decimal']['input'];
  /** ISO 4217, one of AUD, CAD, CHF, EUR, GBP, JPY, USD; USD and most take 2 decimals, JPY none. */
  currency: Scalars['String']['input'];
};

/** Everything Qraph can be told to do. */
export type Mutation = {
  __typename: 'Mutation';
  /** Archive an app (its owner, or an admin moderating): no new versions, hidden from others. `archived: false` restores it. */
  archiveApp: ArchiveAppResult;
  /** Cancel a QUEUED or RUNNING job of yours. A running job's result is discarded. Shots stay charged. */
  cancelJob: CancelJobResult;
  /** Cancel at the end of the current period: usable until then, then EXPIRED. */
  cancelSubscription: CancelSubscriptionResult;
  /** Change your password; your other sessions are signed out. */
  changePassword: ChangePasswordResult;
  /** Connect your IBM Quantum account: the token is checked with IBM, then stored encrypted (never logged or returned). Replaces an account already connected. */
  connectIbmAccount: ConnectIbmAccountResult;
  /** Create an API key with some of your scopes. The result holds its secret, once. Rate-limited per caller (`RateLimitedError`). */
  createApiKey: CreateApiKeyResult;
  /** Add a DRAFT version to your app. The template is parsed as jobs are; its inputs make the input schema, and its qubits, depth, two-qubit gates and a cost per backend are stored. A refusal writes nothing. Rate-limited. */
  createAppVersion: CreateAppVersionResult;
  /** Start a project (developers: see `enableDeveloperAccount`). */
  createProject: CreateProjectResult;
  /** A key that authorises runApp of the subscription's app (send it as the `X-Qraph-Subscription-Key` header), with its own expiry and rate limit. Shown once. */
  createSubscriptionKey: CreateSubscriptionKeyResult;
  /** Delete one of your projects, with its app, unless that app ever published a version. */
  deleteProject: DeleteProjectResult;
  /** Take a listing off the marketplace (its owner, or an admin moderating). */
  delistMarketplaceListing: MarketplaceListingResult;
  /** Deprecate a PUBLISHED version (owner, or an admin moderating). */
  deprecateAppVersion: AppVersionStatusResult;
  /** Forget your IBM Quantum account and its token. Imported jobs stay. */
  disconnectIbmAccount: DisconnectIbmAccountResult;
  /** A short-lived signed link to a registry version's package (anyone who may read the version). */
  downloadAppVersion: DownloadAppVersionResult;
  /** A short-lived signed link to the PDF invoice of your ISSUED or PAID bill: issuer, customer, invoice number, period, items and totals. */
  downloadInvoice: DownloadInvoiceResult;
  /** Turn on your developer account: accept the developer terms (recorded with a timestamp) and get the DEVELOPER role, which holds `apps:write`. Idempotent. */
  enableDeveloperAccount: EnableDeveloperAccountResult;
  /** Hide a review (or show it again with `hidden: false`); admins only. */
  hideReview: HideReviewResult;
  /** Sign in with email or username. Repeated failures are throttled per account and per address. */
  login: LoginResult;
  /** Sign out the session of this access token. False when there is none (an API key: revoke the key instead). */
  logout: Scalars['Boolean']['output'];
  /** Sign out every session of your account; how many were live. */
  logoutAll: Scalars['Int']['output'];
  /** Mark every unread notification of yours read. */
  markAllNotificationsRead: MarkAllNotificationsReadResult;
  /** Record that an ISSUED bill was paid (admins; a manual payment: no card is charged here). */
  markBillPaid: MarkBillPaidResult;
  /** Mark one of your notifications read (idempotent). */
  markNotificationRead: MarkNotificationReadResult;
  /** Publish a DRAFT version of your (unarchived) app; it is immutable after. */
  publishAppVersion: AppVersionStatusResult;
  /** List your public app for a price (or keep the listing a DRAFT). */
  publishToMarketplace: MarketplaceListingResult;
  /** Offer a PUBLISHED version of your public app free in the registry; its package is built now, with its SHA-256. */
  publishToRegistry: PublishToRegistryResult;
  /** Trade a refresh token for new tokens. Each refresh token works once; presenting a used one signs its session out. */
  refresh: RefreshResult;
  /** Create an account (role CONSUMER) and mail a verification link. A taken email or username is an ALREADY_EXISTS error naming the field (usernames are public handles; registration is rate-limited). */
  register: RegisterResult;
  /** Release one of your projects as an app with a unique, permanent slug. */
  releaseProject: ReleaseProjectResult;
  /** Reply to a review of your app, once. */
  replyToReview: ReplyToReviewResult;
  /** Mail a one-time reset link (valid 1 hour) if the address has an account. The answer is the same either way. */
  requestPasswordReset: RequestPasswordResetResult;
  /** Mail a new verification link. False when the address is already verified or a link was sent in the last minute. */
  resendVerificationEmail: Scalars['Boolean']['output'];
  /** Set a new password with a reset token; every session is signed out. */
  resetPassword: ResetPasswordResult;
  /** Rate an app you have run (a completed run) 1 to 5 stars, with a text; once per app: a second call updates your review. Not your own app. */
  reviewApp: ReviewAppResult;
  /** Revoke one of your keys (admins: anyone's). Revoking twice is harmless. */
  revokeApiKey: RevokeApiKeyResult;
  /** Sign out one of your sessions (see `me.sessions`). */
  revokeSession: RevokeSessionResult;
  /** Revoke a subscription key at once. */
  revokeSubscriptionKey: RevokeSubscriptionKeyResult;
  /** Run an app version with inputs: they are checked against its input schema (one error per failing path), bound into its template, and the circuit is submitted as `submitJob` submits (shot budget, idempotency, refusals write nothing). Free registry apps run for anyone signed in; others for their owner until plans exist. */
  runApp: RunAppResult;
  /** Run a preset as ordinary jobs. Refusals (input, the experiment shot cap, backends, circuits, your shot budget) write nothing. A reused `idempotencyKey` returns the first run. latency returns after pacing its probes (at most 10 s). */
  runExperiment: RunExperimentResult;
  /** Take a backend offline for maintenance, or bring it back (admins only). Subscribers of `backendStatusChanged` see the change. */
  setBackendStatus: SetBackendStatusResult;
  /** Change the control profile (admins only). In force at once in this process and within 2 s in every other; recorded with who changed it and when. */
  setControlProfile: SetControlProfileResult;
  /** Turn email on or off for one kind of notification (to your verified address). In-app notifications are always on. */
  setNotificationPreference: SetNotificationPreferenceResult;
  /** Your monthly spending limit (null: none). Submissions that would pass it are refused; at 80% you are warned. An admin's lower ceiling still applies. */
  setSpendingLimit: SetSpendingLimitResult;
  /** Replace a user's roles (admins only). Their access tokens stop at once and the next refresh carries the new roles. CONSUMER is always kept, and you cannot remove your own ADMIN role. */
  setUserRoles: SetUserRolesResult;
  /** Admins: a user's spending ceiling (null: none); the lower of it and the user's own limit applies, so an admin can lower a user's limit. */
  setUserSpendingLimit: SetSpendingLimitResult;
  /** Try a marketplace app for its listing's trial days: once per listing, ever. When the trial ends it converts to a paid subscription (unless cancelled). */
  startTrial: StartTrialResult;
  /** Queue a circuit on a backend. Refusals (bad circuit, shots, backend, budget) write nothing. A reused `idempotencyKey` returns the first job. Rate-limited. */
  submitJob: SubmitJobResult;
  /** Queue up to 100 jobs at once, all or none; refusals are listed by index. */
  submitJobs: SubmitJobsResult;
  /** Buy a marketplace app on its listing's terms: a first period starts now and its flat fee (if any) is charged. Converts a trial; resumes a cancelled subscription. */
  subscribe: SubscribeResult;
  /** Reload the catalog from every provider (admins only). Idempotent: a second sync updates rows in place and rewrites calibration only when it changed. */
  syncBackends: SyncBackendsResult;
  /** Import your IBM Quantum jobs, including those submitted outside Qraph, as jobs with `source: IMPORTED`. Also runs every few minutes while connected. Idempotent. */
  syncIbmJobs: SyncIbmJobsResult;
  /** Change your app's name, summary, description, category, tags or visibility. */
  updateApp: UpdateAppResult;
  /** Change a DRAFT version; a published one is immutable. Rate-limited. */
  updateAppVersion: UpdateAppVersionResult;
  /** Change your listing's terms, list a draft, relist or delist it. */
  updateMarketplaceListing: MarketplaceListingResult;
  /** Edit your organisation, bio, avatar and links. */
  updateProfile: UpdateProfileResult;
  /** Rename or redescribe one of your projects. */
  updateProject: UpdateProjectResult;
  /** Confirm an email address with the token from the verification mail. */
  verifyEmail: VerifyEmailResult;
  /** Yank a PUBLISHED or DEPRECATED version (owner, or an admin moderating): it still reads for those pinned to it, but is never the latest. */
  yankAppVersion: AppVersionStatusResult;
};


/** Everything Qraph can be told to do. */
export type MutationArchiveAppArgs = {
  archived?: Scalars['Boolean']['input'];
  id: Scalars['ID']['input'];
};


/** Everything Qraph can be told to do. */
export type MutationCancelJobArgs = {
  id: Scalars['ID']['input'];
};


/** Everything Qraph can be told to do. */
export type MutationCancelSubscriptionArgs = {
  id: Scalars['ID']['input'];
};


/** Everything Qraph can be told to do. */
export type MutationChangePasswordArgs = {
  currentPassword: Scalars['String']['input'];
  newPassword: Scalars['String']['input'];
};


/** Everything Qraph can be told to do. */
export type MutationConnectIbmAccountArgs = {
  instance?: InputMaybe<Scalars['String']['input']>;
  token: Scalars['String']['input'];
};


/** Everything Qraph can be told to do. */
export type MutationCreateApiKeyArgs = {
  input: CreateApiKeyInput;
};


/** Everything Qraph can be told to do. */
export type MutationCreateAppVersionArgs = {
  appId: Scalars['ID']['input'];
  input: CreateAppVersionInput;
};


/** Everything Qraph can be told to do. */
export type MutationCreateProjectArgs = {
  input: CreateProjectInput;
};


/** Everything Qraph can be told to do. */
export type MutationCreateSubscriptionKeyArgs = {
  input: CreateSubscriptionKeyInput;
};


/** Everything Qraph can be told to do. */
export type MutationDeleteProjectArgs = {
  id: Scalars['ID']['input'];
};


/** Everything Qraph can be told to do. */
export type MutationDelistMarketplaceListingArgs = {
  id: Scalars['ID']['input'];
};


/** Everything Qraph can be told to do. */
export type MutationDeprecateAppVersionArgs = {
  id: Scalars['ID']['input'];
};


/** Everything Qraph can be told to do. */
export type MutationDownloadAppVersionArgs = {
  versionId: Scalars['ID']['input'];
};


/** Everything Qraph can be told to do. */
export type MutationDownloadInvoiceArgs = {
  billId: Scalars['ID']['input'];
};


/** Everything Qraph can be told to do. */
export type MutationEnableDeveloperAccountArgs = {
  acceptTerms: Scalars['Boolean']['input'];
};


/** Everything Qraph can be told to do. */
export type MutationHideReviewArgs = {
  hidden?: Scalars['Boolean']['input'];
  reviewId: Scalars['ID']['input'];
};


/** Everything Qraph can be told to do. */
export type MutationLoginArgs = {
  login: Scalars['String']['input'];
  password: Scalars['String']['input'];
};


/** Everything Qraph can be told to do. */
export type MutationMarkBillPaidArgs = {
  billId: Scalars['ID']['input'];
};


/** Everything Qraph can be told to do. */
export type MutationMarkNotificationReadArgs = {
  id: Scalars['ID']['input'];
};


/** Everything Qraph can be told to do. */
export type MutationPublishAppVersionArgs = {
  id: Scalars['ID']['input'];
};


/** Everything Qraph can be told to do. */
export type MutationPublishToMarketplaceArgs = {
  appId: Scalars['ID']['input'];
  input: MarketplaceListingInput;
};


/** Everything Qraph can be told to do. */
export type MutationPublishToRegistryArgs = {
  versionId: Scalars['ID']['input'];
};


/** Everything Qraph can be told to do. */
export type MutationRefreshArgs = {
  refreshToken: Scalars['String']['input'];
};


/** Everything Qraph can be told to do. */
export type MutationRegisterArgs = {
  email: Scalars['String']['input'];
  password: Scalars['String']['input'];
  username: Scalars['String']['input'];
};


/** Everything Qraph can be told to do. */
export type MutationReleaseProjectArgs = {
  input: ReleaseProjectInput;
  projectId: Scalars['ID']['input'];
};


/** Everything Qraph can be told to do. */
export type MutationReplyToReviewArgs = {
  reviewId: Scalars['ID']['input'];
  text: Scalars['String']['input'];
};


/** Everything Qraph can be told to do. */
export type MutationRequestPasswordResetArgs = {
  email: Scalars['String']['input'];
};


/** Everything Qraph can be told to do. */
export type MutationResetPasswordArgs = {
  newPassword: Scalars['String']['input'];
  token: Scalars['String']['input'];
};


/** Everything Qraph can be told to do. */
export type MutationReviewAppArgs = {
  appId: Scalars['ID']['input'];
  input: ReviewAppInput;
};


/** Everything Qraph can be told to do. */
export type MutationRevokeApiKeyArgs = {
  id: Scalars['ID']['input'];
};


/** Everything Qraph can be told to do. */
export type MutationRevokeSessionArgs = {
  id: Scalars['ID']['input'];
};


/** Everything Qraph can be told to do. */
export type MutationRevokeSubscriptionKeyArgs = {
  id: Scalars['ID']['input'];
};


/** Everything Qraph can be told to do. */
export type MutationRunAppArgs = {
  input: RunAppInput;
};


/** Everything Qraph can be told to do. */
export type MutationRunExperimentArgs = {
  input: RunExperimentInput;
};


/** Everything Qraph can be told to do. */
export type MutationSetBackendStatusArgs = {
  name: Scalars['String']['input'];
  reason?: InputMaybe<Scalars['String']['input']>;
  status: BackendStatus;
};


/** Everything Qraph can be told to do. */
export type MutationSetControlProfileArgs = {
  input: SetControlProfileInput;
};


/** Everything Qraph can be told to do. */
export type MutationSetNotificationPreferenceArgs = {
  email: Scalars['Boolean']['input'];
  kind: NotificationKind;
};


/** Everything Qraph can be told to do. */
export type MutationSetSpendingLimitArgs = {
  amount?: InputMaybe<Scalars['Decimal']['input']>;
};


/** Everything Qraph can be told to do. */
export type MutationSetUserRolesArgs = {
  roles: Array<Role>;
  userId: Scalars['ID']['input'];
};


/** Everything Qraph can be told to do. */
export type MutationSetUserSpendingLimitArgs = {
  amount?: InputMaybe<Scalars['Decimal']['input']>;
  userId: Scalars['ID']['input'];
};


/** Everything Qraph can be told to do. */
export type MutationStartTrialArgs = {
  listingId: Scalars['ID']['input'];
};


/** Everything Qraph can be told to do. */
export type MutationSubmitJobArgs = {
  input: SubmitJobInput;
};


/** Everything Qraph can be told to do. */
export type MutationSubmitJobsArgs = {
  inputs: Array<SubmitJobInput>;
};


/** Everything Qraph can be told to do. */
export type MutationSubscribeArgs = {
  listingId: Scalars['ID']['input'];
};


/** Everything Qraph can be told to do. */
export type MutationUpdateAppArgs = {
  id: Scalars['ID']['input'];
  input: UpdateAppInput;
};


/** Everything Qraph can be told to do. */
export type MutationUpdateAppVersionArgs = {
  id: Scalars['ID']['input'];
  input: UpdateAppVersionInput;
};


/** Everything Qraph can be told to do. */
export type MutationUpdateMarketplaceListingArgs = {
  id: Scalars['ID']['input'];
  input: UpdateMarketplaceListingInput;
};


/** Everything Qraph can be told to do. */
export type MutationUpdateProfileArgs = {
  input: UpdateProfileInput;
};


/** Everything Qraph can be told to do. */
export type MutationUpdateProjectArgs = {
  id: Scalars['ID']['input'];
  input: UpdateProjectInput;
};


/** Everything Qraph can be told to do. */
export type MutationVerifyEmailArgs = {
  token: Scalars['String']['input'];
};


/** Everything Qraph can be told to do. */
export type MutationYankAppVersionArgs = {
  id: Scalars['ID']['input'];
  reason?: InputMaybe<Scalars['String']['input']>;
};

/** An object with a Globally Unique ID */
export type Node = {
  /** The Globally Unique ID of this object */
  id: Scalars['ID']['output'];
};

/** You may not run this app now (e.g. a marketplace app without a plan). */
export type NotEntitledError = Error & {
  __typename: 'NotEntitledError';
  /** A stable, machine-readable error code. */
  code: Scalars['String']['output'];
  /** What went wrong, for a person to read. */
  message: Scalars['String']['output'];
};

/** The object does not exist, or is not visible to you. */
export type NotFoundError = Error & {
  __typename: 'NotFoundError';
  /** A stable, machine-readable error code. */
  code: Scalars['String']['output'];
  /** What went wrong, for a person to read. */
  message: Scalars['String']['output'];
};

/** Something Qraph told you: in the app always, by email if you opt in. */
export type Notification = Node & {
  __typename: 'Notification';
  /** The details. */
  body: Scalars['String']['output'];
  /** How many events it stands for: like events coalesce while it is unread (100 finished jobs are one JOB_FINISHED notification with count 100). */
  count: Scalars['Int']['output'];
  /** When it was first made. */
  createdAt: Scalars['DateTime']['output'];
  /** The Globally Unique ID of this object */
  id: Scalars['ID']['output'];
  /** What it is about. */
  kind: NotificationKind;
  /** The global ID of what it is about (a Job, a Review, an AppVersion, ...); read it with `node(id:)`. Null when it stands for many things. */
  link?: Maybe<Scalars['ID']['output']>;
  /** Marked read. */
  read: Scalars['Boolean']['output'];
  /** When it was marked read. */
  readAt?: Maybe<Scalars['DateTime']['output']>;
  /** One line. */
  title: Scalars['String']['output'];
  /** When it last changed (a coalesced notification changes as events add up). */
  updatedAt: Scalars['DateTime']['output'];
};

/** A page of your notifications, newest first. */
export type NotificationConnection = {
  __typename: 'NotificationConnection';
  /** The items of this page. */
  edges: Array<NotificationEdge>;
  /** Where this page sits in the list. */
  pageInfo: PageInfo;
  /** How many items the whole list holds, across every page. */
  totalCount: Scalars['Int']['output'];
  /** How many of your notifications are unread (all of them). */
  unreadCount: Scalars['Int']['output'];
};

/** An edge in a connection: one node and the cursor that points at it. */
export type NotificationEdge = {
  __typename: 'NotificationEdge';
  /** An opaque cursor; pass it as `after` or `before`. */
  cursor: Scalars['String']['output'];
  /** The item at the end of the edge. */
  node: Notification;
};

/** What a notification is about. */
export type NotificationKind =
  | 'BILL_ISSUED'
  | 'JOB_FINISHED'
  | 'NEW_REVIEW'
  | 'NEW_VERSION'
  | 'SHOT_BUDGET_WARNING'
  | 'SPENDING_WARNING'
  | 'SUBSCRIPTION_RENEWED'
  | 'TRIAL_ENDING';

/** How you are told about one kind of notification. */
export type NotificationPreference = {
  __typename: 'NotificationPreference';
  /** Also sent by email (opt-in; off by default). */
  email: Scalars['Boolean']['output'];
  /** Always true: every notification is in the app. */
  inApp: Scalars['Boolean']['output'];
  /** The kind. */
  kind: NotificationKind;
};

/** Sort direction. */
export type OrderDirection =
  | 'ASC'
  | 'DESC';

/** Information to aid in pagination. */
export type PageInfo = {
  __typename: 'PageInfo';
  /** When paginating forwards, the cursor to continue. */
  endCursor?: Maybe<Scalars['String']['output']>;
  /** When paginating forwards, are there more items? */
  hasNextPage: Scalars['Boolean']['output'];
  /** When paginating backwards, are there more items? */
  hasPreviousPage: Scalars['Boolean']['output'];
  /** When paginating backwards, the cursor to continue. */
  startCursor?: Maybe<Scalars['String']['output']>;
};

/** Latency percentiles over every job finished in the window. */
export type PerformancePercentiles = {
  __typename: 'PerformancePercentiles';
  /** The run itself. */
  executionTime: LatencyFigures;
  /** Jobs finished in the window. */
  jobs: Scalars['Int']['output'];
  /** Submission to start. */
  queueWait: LatencyFigures;
};

/** A buyer's plan for a marketplace app, with the terms it started on. */
export type PlanSubscription = Node & {
  __typename: 'PlanSubscription';
  /** The app it is for (null if no longer visible to you). */
  app?: Maybe<QuantumApp>;
  /** When it was cancelled. */
  cancelledAt?: Maybe<Scalars['DateTime']['output']>;
  /** At most this much per-run charges per period; null: no cap. */
  capPerPeriod?: Maybe<Scalars['Decimal']['output']>;
  /** What runs may still be charged this period; null when there is no cap. */
  capRemaining?: Maybe<Scalars['Decimal']['output']>;
  /** When it started. */
  createdAt: Scalars['DateTime']['output'];
  /** ISO 4217 code of every amount here. */
  currency: Scalars['String']['output'];
  /** The period's end: the trial's end, the renewal, or (cancelled) the expiry. */
  currentPeriodEnd: Scalars['DateTime']['output'];
  /** The period's start. */
  currentPeriodStart: Scalars['DateTime']['output'];
  /** Fee per period, if any. */
  flatPrice?: Maybe<Scalars['Decimal']['output']>;
  /** The Globally Unique ID of this object */
  id: Scalars['ID']['output'];
  /** Its subscription keys, newest first (revoked ones too). */
  keys: Array<SubscriptionKey>;
  /** Price per run, if any. */
  perRunPrice?: Maybe<Scalars['Decimal']['output']>;
  /** FLAT, PER_RUN or FLAT_AND_PER_RUN. */
  pricingModel: Scalars['String']['output'];
  /** Per-run prices of runs in flight, held against the cap. */
  reservedInPeriod: Scalars['Decimal']['output'];
  /** Where it stands. */
  status: SubscriptionStatus;
  /** When the trial ends or ended. */
  trialEndsAt?: Maybe<Scalars['DateTime']['output']>;
  /** Per-run charges in the period. */
  usedInPeriod: Scalars['Decimal']['output'];
};

/** A page of a list, with cursors to move through the rest. */
export type PlanSubscriptionConnection = {
  __typename: 'PlanSubscriptionConnection';
  /** The items of this page. */
  edges: Array<PlanSubscriptionEdge>;
  /** Where this page sits in the list. */
  pageInfo: PageInfo;
  /** How many items the whole list holds, across every page. */
  totalCount: Scalars['Int']['output'];
};

/** An edge in a connection: one node and the cursor that points at it. */
export type PlanSubscriptionEdge = {
  __typename: 'PlanSubscriptionEdge';
  /** An opaque cursor; pass it as `after` or `before`. */
  cursor: Scalars['String']['output'];
  /** The item at the end of the edge. */
  node: PlanSubscription;
};

/** FLAT: a price per period; PER_RUN: a price per run; FLAT_AND_PER_RUN: both. */
export type PricingModel =
  | 'FLAT'
  | 'FLAT_AND_PER_RUN'
  | 'PER_RUN';

/** HIGH jobs are taken before STANDARD ones on the same backend. */
export type Priority =
  | 'HIGH'
  | 'STANDARD';

/** A link on a user's profile. */
export type ProfileLink = {
  __typename: 'ProfileLink';
  /** What the link is, e.g. `GitHub`. */
  label: Scalars['String']['output'];
  /** An http(s) address. */
  url: Scalars['String']['output'];
};

/** A link to show on your profile. */
export type ProfileLinkInput = {
  /** What it is, e.g. `GitHub` (at most 50 characters). */
  label: Scalars['String']['input'];
  /** An http:// or https:// address. */
  url: Scalars['String']['input'];
};

/** A developer's work, released as an app with `releaseProject`. */
export type Project = Node & {
  __typename: 'Project';
  /** The app it was released as; null before. */
  app?: Maybe<QuantumApp>;
  /** When it was created. */
  createdAt: Scalars['DateTime']['output'];
  /** What it is about. */
  description?: Maybe<Scalars['String']['output']>;
  /** The Globally Unique ID of this object */
  id: Scalars['ID']['output'];
  /** The project's name. */
  name: Scalars['String']['output'];
  /** Its owner. */
  owner?: Maybe<User>;
  /** When it last changed. */
  updatedAt: Scalars['DateTime']['output'];
};

/** A page of a list, with cursors to move through the rest. */
export type ProjectConnection = {
  __typename: 'ProjectConnection';
  /** The items of this page. */
  edges: Array<ProjectEdge>;
  /** Where this page sits in the list. */
  pageInfo: PageInfo;
  /** How many items the whole list holds, across every page. */
  totalCount: Scalars['Int']['output'];
};

/** An edge in a connection: one node and the cursor that points at it. */
export type ProjectEdge = {
  __typename: 'ProjectEdge';
  /** An opaque cursor; pass it as `after` or `before`. */
  cursor: Scalars['String']['output'];
  /** The item at the end of the edge. */
  node: Project;
};

/** The project's app published versions; archive the app instead. */
export type ProjectHasPublishedVersionsError = Error & {
  __typename: 'ProjectHasPublishedVersionsError';
  /** A stable, machine-readable error code. */
  code: Scalars['String']['output'];
  /** What went wrong, for a person to read. */
  message: Scalars['String']['output'];
};

/** Who runs the backend. */
export type Provider =
  | 'AER'
  | 'AZURE_QUANTUM'
  | 'BRAKET'
  | 'IBM_EMULATOR'
  | 'IBM_QUANTUM';

/** A provider, reachable when any of its backends is ONLINE. */
export type ProviderReachability = {
  __typename: 'ProviderReachability';
  /** Its backends in the catalog. */
  backends: Scalars['Int']['output'];
  /** Of them, ONLINE. */
  online: Scalars['Int']['output'];
  /** The provider. */
  provider: Scalars['String']['output'];
  /** Whether it takes jobs now. */
  reachable: Scalars['Boolean']['output'];
};

/** A provider of backends, as the admin sees it. */
export type ProviderSummary = {
  __typename: 'ProviderSummary';
  /** Its backends in the catalog. */
  backends: Array<Backend>;
  /** Whether this deployment can run jobs on it (settings present). */
  configured: Scalars['Boolean']['output'];
  /** When the catalog last listed its backends. */
  lastSyncAt?: Maybe<Scalars['DateTime']['output']>;
  /** The provider. */
  name: Provider;
  /** False while its circuit breaker is open (calls failing). */
  reachable: Scalars['Boolean']['output'];
};

/** A backend provider could not be reached or loaded. */
export type ProviderUnavailableError = Error & {
  __typename: 'ProviderUnavailableError';
  /** A stable, machine-readable error code. */
  code: Scalars['String']['output'];
  /** What went wrong, for a person to read. */
  message: Scalars['String']['output'];
  /** The provider that failed. */
  provider: Scalars['String']['output'];
};

/** The outcome of `publishToRegistry`. */
export type PublishToRegistryResult = AppArchivedError | ForbiddenError | InvalidInputError | InvalidVersionTransitionError | NotFoundError | PublishToRegistrySuccess;

/** The version is in the registry. */
export type PublishToRegistrySuccess = {
  __typename: 'PublishToRegistrySuccess';
  /** Its registry entry. */
  entry: RegistryEntry;
};

/** A released project: a circuit template others run with inputs. */
export type QuantumApp = Node & {
  __typename: 'QuantumApp';
  /** Archived: no new versions, hidden from others (restore with archiveApp). */
  archived: Scalars['Boolean']['output'];
  /** When it was archived. */
  archivedAt?: Maybe<Scalars['DateTime']['output']>;
  /** What it is for. */
  category: AppCategory;
  /** When it was released. */
  createdAt: Scalars['DateTime']['output'];
  /** Markdown. */
  description: Scalars['String']['output'];
  /** Registry packages served, all versions. */
  downloads: Scalars['Int']['output'];
  /** The Globally Unique ID of this object */
  id: Scalars['ID']['output'];
  /** The default version: the highest PUBLISHED release by semantic-version precedence (a DEPRECATED one only when no published release is left). Never a draft, a pre-release or a yanked version; null when there is none. */
  latestVersion?: Maybe<AppVersion>;
  /** Its marketplace listing; null when none (a draft one: only for the owner). */
  marketplaceListing?: Maybe<MarketplaceListing>;
  /** Runs, users, downloads and rating, for its owner and admins; null else. */
  metrics?: Maybe<AppMetrics>;
  /** The app's name. */
  name: Scalars['String']['output'];
  /** The developer who released it. */
  owner?: Maybe<User>;
  /** The project it was released from; null unless you own it (or are admin). */
  project?: Maybe<Project>;
  /** Average review rating (1 to 5); null until reviewed. */
  rating?: Maybe<Scalars['Decimal']['output']>;
  /** How many reviews the rating averages. */
  ratingCount: Scalars['Int']['output'];
  /** Average, count and histogram by star of its visible reviews. */
  ratingSummary: RatingSummary;
  /** Its reviews, newest first; hidden ones only for their author and admins. */
  reviews: ReviewConnection;
  /** Runs (runApp jobs) that completed. */
  runCount: Scalars['Int']['output'];
  /** Unique and permanent, e.g. `vqe-h2`. */
  slug: Scalars['String']['output'];
  /** One line about it. */
  summary: Scalars['String']['output'];
  /** Its tags (at most 10), by name. */
  tags: Array<Tag>;
  /** When it last changed. */
  updatedAt: Scalars['DateTime']['output'];
  /** One version by its semantic version (build metadata ignored), or null. */
  version?: Maybe<AppVersion>;
  /** Versions, highest precedence first (1.10.0 before 1.9.0, 1.0.0 before 1.0.0-rc.1). Drafts only for the owner; yanked ones are listed. */
  versions: AppVersionConnection;
  /** Who may read it. */
  visibility: AppVisibility;
};


/** A released project: a circuit template others run with inputs. */
export type QuantumAppMetricsArgs = {
  days?: Scalars['Int']['input'];
};


/** A released project: a circuit template others run with inputs. */
export type QuantumAppReviewsArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  first?: InputMaybe<Scalars['Int']['input']>;
};


/** A released project: a circuit template others run with inputs. */
export type QuantumAppVersionArgs = {
  version: Scalars['String']['input'];
};


/** A released project: a circuit template others run with inputs. */
export type QuantumAppVersionsArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  first?: InputMaybe<Scalars['Int']['input']>;
  includePrerelease?: Scalars['Boolean']['input'];
};

/** A page of a list, with cursors to move through the rest. */
export type QuantumAppConnection = {
  __typename: 'QuantumAppConnection';
  /** The items of this page. */
  edges: Array<QuantumAppEdge>;
  /** Where this page sits in the list. */
  pageInfo: PageInfo;
  /** How many items the whole list holds, across every page. */
  totalCount: Scalars['Int']['output'];
};

/** An edge in a connection: one node and the cursor that points at it. */
export type QuantumAppEdge = {
  __typename: 'QuantumAppEdge';
  /** An opaque cursor; pass it as `after` or `before`. */
  cursor: Scalars['String']['output'];
  /** The item at the end of the edge. */
  node: QuantumApp;
};

/** One qubit's characterisation at the last calibration. */
export type QubitCalibration = {
  __typename: 'QubitCalibration';
  /** Anharmonicity, GHz. */
  anharmonicityGhz?: Maybe<Scalars['Float']['output']>;
  /** When this was measured. */
  calibratedAt?: Maybe<Scalars['DateTime']['output']>;
  /** Qubit frequency, GHz. */
  frequencyGhz?: Maybe<Scalars['Float']['output']>;
  /** P(read 0 | prepared 1). */
  probMeas0Prep1?: Maybe<Scalars['Float']['output']>;
  /** P(read 1 | prepared 0). */
  probMeas1Prep0?: Maybe<Scalars['Float']['output']>;
  /** Physical qubit index. */
  qubit: Scalars['Int']['output'];
  /** Probability of misreading. */
  readoutError?: Maybe<Scalars['Float']['output']>;
  /** Readout duration, ns. */
  readoutLengthNs?: Maybe<Scalars['Float']['output']>;
  /** Energy relaxation time T1, microseconds. */
  t1Us?: Maybe<Scalars['Float']['output']>;
  /** Dephasing time T2, microseconds. */
  t2Us?: Maybe<Scalars['Float']['output']>;
};

/** A page of a list, with cursors to move through the rest. */
export type QubitCalibrationConnection = {
  __typename: 'QubitCalibrationConnection';
  /** The items of this page. */
  edges: Array<QubitCalibrationEdge>;
  /** Where this page sits in the list. */
  pageInfo: PageInfo;
  /** How many items the whole list holds, across every page. */
  totalCount: Scalars['Int']['output'];
};

/** An edge in a connection: one node and the cursor that points at it. */
export type QubitCalibrationEdge = {
  __typename: 'QubitCalibrationEdge';
  /** An opaque cursor; pass it as `after` or `before`. */
  cursor: Scalars['String']['output'];
  /** The item at the end of the edge. */
  node: QubitCalibration;
};

/** Everything Qraph can be asked. */
export type Query = {
  __typename: 'Query';
  /** The job-tracker views (trends, status distribution, backend utilization and comparison, percentiles, cost, user activity, regions) over a window, scoped to your jobs (admins: everyone's). */
  analytics: AnalyticsResult;
  /** An app by its slug; null when there is none or you may not see it (another's unlisted or archived app, or an API key without `apps:read`). */
  app?: Maybe<QuantumApp>;
  /** One backend by its name, or null. Public. */
  backend?: Maybe<Backend>;
  /** Counts, qubit totals and calibration medians over the catalog. Public. */
  backendStats: BackendStats;
  /** The backend catalog: simulators, device emulators and hardware. Public. */
  backends: BackendConnection;
  /** One bill by ID: yours (admins: any); null otherwise. */
  bill?: Maybe<Bill>;
  /** Every user's bills, newest month first, filtered (admins only). */
  bills: BillConnection;
  /** The engineering control profile in force: default shots, latency probe rate, experiment shot cap and KPI thresholds. Any signed-in user reads it (the thresholds judge their runs); admins change it. */
  controlProfile: ControlProfile;
  /** Your home page's bundle in one query. */
  dashboard: Dashboard;
  /** Your experiment runs (admins: everyone's), newest first. */
  experimentRuns: ExperimentRunConnection;
  /** One of your jobs (admins: anyone's) by ID; null if not found or not yours. */
  job?: Maybe<Job>;
  /** Counts, success rate, wait and run times of your jobs (admins: all). */
  jobStats: JobStats;
  /** Jobs submitted per UTC day by status, for the last `days` (≤ 90) days. */
  jobTrends: Array<JobTrendDay>;
  /** Your jobs (admins: everyone's, or one user's with `ownerId`), newest first. */
  jobs: JobConnection;
  /** The `n` busy backends with the longest estimated wait, longest first. */
  longestWait: Array<BackendQueue>;
  /** Listed apps, found by words (full text: name > summary > description, typos corrected when nothing matches) and filters; archived apps are hidden. */
  marketplace: MarketplaceListingConnection;
  /** The signed-in user, with email, profile and sessions; null when anonymous. */
  me?: Maybe<User>;
  /** Your API keys, newest first. Secrets are never shown again. */
  myApiKeys: ApiKeyConnection;
  /** Your apps (unlisted and archived ones included), newest first. */
  myApps: QuantumAppConnection;
  /** Your bills, newest month first: this month's OPEN bill (live) and every issued one. */
  myBills: BillConnection;
  /** Your projects, newest first. */
  myProjects: ProjectConnection;
  /** Your plan subscriptions, newest first (live and expired), with their keys. */
  mySubscriptions: PlanSubscriptionConnection;
  /** Your shot usage and budget over the rolling period. Signed-in callers. */
  myUsage: ShotUsage;
  /** Any object by its global ID; null when it does not exist or is not yours. */
  node?: Maybe<Node>;
  /** Objects by global ID, in the order asked; null for each one not found. */
  nodes: Array<Maybe<Node>>;
  /** How you are told about each kind: in the app always, by email if opted in. */
  notificationPreferences: Array<NotificationPreference>;
  /** Your notifications, newest first; `unreadOnly` for the unread ones. */
  notifications: NotificationConnection;
  /** Every provider: configured, reachable, last catalog sync (admins only). */
  providers: Array<ProviderSummary>;
  /** One backend's queue by backend name; null for an unknown name. */
  queue?: Maybe<BackendQueue>;
  /** Totals over every queue. */
  queueSummary: QueueSummary;
  /** Queues of backends with active jobs (or every ONLINE one): counts only. */
  queues: Array<BackendQueue>;
  /** Your newest jobs (admins: anyone's), up to `limit` (≤ 100). */
  recentJobs: Array<Job>;
  /** Free apps in the registry, each once (its highest entry that is not yanked), found as `marketplace` finds listings. */
  registry: RegistryEntryConnection;
  /** An app's revenue over a calendar month: its owner's (and admins'). */
  revenue: RevenueResult;
  /** The `n` ONLINE backends with the shortest estimated wait, shortest first. */
  shortestWait: Array<BackendQueue>;
  /** Database, Redis, workers alive, queue depth, oldest queued age, providers. */
  systemStatus: SystemStatus;
  /** One account by ID, or null (admins only). */
  user?: Maybe<User>;
  /** Every account, newest first, filtered (admins only). */
  users: UserConnection;
};


/** Everything Qraph can be asked. */
export type QueryAnalyticsArgs = {
  bucket?: AnalyticsBucket;
  window?: InputMaybe<TimeWindow>;
};


/** Everything Qraph can be asked. */
export type QueryAppArgs = {
  slug: Scalars['String']['input'];
};


/** Everything Qraph can be asked. */
export type QueryBackendArgs = {
  name: Scalars['String']['input'];
};


/** Everything Qraph can be asked. */
export type QueryBackendsArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  before?: InputMaybe<Scalars['String']['input']>;
  filter?: InputMaybe<BackendFilter>;
  first?: InputMaybe<Scalars['Int']['input']>;
  last?: InputMaybe<Scalars['Int']['input']>;
  orderBy?: InputMaybe<BackendOrder>;
};


/** Everything Qraph can be asked. */
export type QueryBillArgs = {
  id: Scalars['ID']['input'];
};


/** Everything Qraph can be asked. */
export type QueryBillsArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  filter?: InputMaybe<BillFilter>;
  first?: InputMaybe<Scalars['Int']['input']>;
};


/** Everything Qraph can be asked. */
export type QueryExperimentRunsArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  filter?: InputMaybe<ExperimentRunFilter>;
  first?: InputMaybe<Scalars['Int']['input']>;
};


/** Everything Qraph can be asked. */
export type QueryJobArgs = {
  id: Scalars['ID']['input'];
};


/** Everything Qraph can be asked. */
export type QueryJobTrendsArgs = {
  days?: Scalars['Int']['input'];
};


/** Everything Qraph can be asked. */
export type QueryJobsArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  before?: InputMaybe<Scalars['String']['input']>;
  filter?: InputMaybe<JobFilter>;
  first?: InputMaybe<Scalars['Int']['input']>;
  last?: InputMaybe<Scalars['Int']['input']>;
  orderBy?: InputMaybe<JobOrder>;
};


/** Everything Qraph can be asked. */
export type QueryLongestWaitArgs = {
  n?: Scalars['Int']['input'];
};


/** Everything Qraph can be asked. */
export type QueryMarketplaceArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  filter?: InputMaybe<AppSearchFilter>;
  first?: InputMaybe<Scalars['Int']['input']>;
  orderBy?: SearchOrder;
  query?: InputMaybe<Scalars['String']['input']>;
};


/** Everything Qraph can be asked. */
export type QueryMyApiKeysArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  first?: InputMaybe<Scalars['Int']['input']>;
  includeRevoked?: Scalars['Boolean']['input'];
};


/** Everything Qraph can be asked. */
export type QueryMyAppsArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  first?: InputMaybe<Scalars['Int']['input']>;
};


/** Everything Qraph can be asked. */
export type QueryMyBillsArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  first?: InputMaybe<Scalars['Int']['input']>;
};


/** Everything Qraph can be asked. */
export type QueryMyProjectsArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  first?: InputMaybe<Scalars['Int']['input']>;
};


/** Everything Qraph can be asked. */
export type QueryMySubscriptionsArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  first?: InputMaybe<Scalars['Int']['input']>;
};


/** Everything Qraph can be asked. */
export type QueryNodeArgs = {
  id: Scalars['ID']['input'];
};


/** Everything Qraph can be asked. */
export type QueryNodesArgs = {
  ids: Array<Scalars['ID']['input']>;
};


/** Everything Qraph can be asked. */
export type QueryNotificationsArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  first?: InputMaybe<Scalars['Int']['input']>;
  unreadOnly?: Scalars['Boolean']['input'];
};


/** Everything Qraph can be asked. */
export type QueryQueueArgs = {
  backend: Scalars['String']['input'];
};


/** Everything Qraph can be asked. */
export type QueryQueuesArgs = {
  includeIdle?: Scalars['Boolean']['input'];
};


/** Everything Qraph can be asked. */
export type QueryRecentJobsArgs = {
  limit?: Scalars['Int']['input'];
};


/** Everything Qraph can be asked. */
export type QueryRegistryArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  filter?: InputMaybe<AppSearchFilter>;
  first?: InputMaybe<Scalars['Int']['input']>;
  orderBy?: SearchOrder;
  query?: InputMaybe<Scalars['String']['input']>;
};


/** Everything Qraph can be asked. */
export type QueryRevenueArgs = {
  appId: Scalars['ID']['input'];
  period?: InputMaybe<Scalars['String']['input']>;
};


/** Everything Qraph can be asked. */
export type QueryShortestWaitArgs = {
  n?: Scalars['Int']['input'];
};


/** Everything Qraph can be asked. */
export type QueryUserArgs = {
  id: Scalars['ID']['input'];
};


/** Everything Qraph can be asked. */
export type QueryUsersArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  filter?: InputMaybe<UserFilter>;
  first?: InputMaybe<Scalars['Int']['input']>;
};

/** All queues at a glance. */
export type QueueSummary = {
  __typename: 'QueueSummary';
  /** Backends with any active job. */
  busyBackends: Scalars['Int']['output'];
  /** The largest `estimatedWaitP50` of any backend, seconds. */
  longestEstimatedWait: Scalars['Float']['output'];
  /** Jobs waiting, on every backend. */
  queued: Scalars['Int']['output'];
  /** Jobs running, on every backend. */
  running: Scalars['Int']['output'];
};

/** This would go past a budget. */
export type QuotaExceededError = Error & {
  __typename: 'QuotaExceededError';
  /** A stable, machine-readable error code. */
  code: Scalars['String']['output'];
  /** The budget. */
  limit: Scalars['Int']['output'];
  /** What went wrong, for a person to read. */
  message: Scalars['String']['output'];
  /** What this request asked for. */
  requested: Scalars['Int']['output'];
  /** Already used in the current period. */
  used: Scalars['Int']['output'];
};

/** Over a rate limit. Try again after `retryAfter` seconds. */
export type RateLimitedError = Error & {
  __typename: 'RateLimitedError';
  /** A stable, machine-readable error code. */
  code: Scalars['String']['output'];
  /** What went wrong, for a person to read. */
  message: Scalars['String']['output'];
  /** Seconds until the limit allows it. */
  retryAfter: Scalars['Int']['output'];
};

/** How many visible reviews gave this many stars. */
export type RatingBucket = {
  __typename: 'RatingBucket';
  /** Reviews with that many stars. */
  count: Scalars['Int']['output'];
  /** 1 to 5. */
  stars: Scalars['Int']['output'];
};

/** An app's rating, over its visible reviews. */
export type RatingSummary = {
  __typename: 'RatingSummary';
  /** Mean stars (2 decimals); null if none. */
  average?: Maybe<Scalars['Decimal']['output']>;
  /** How many reviews it averages. */
  count: Scalars['Int']['output'];
  /** Counts by star, 1 to 5. */
  histogram: Array<RatingBucket>;
};

/** The outcome of `refresh`. */
export type RefreshResult = InvalidCredentialsError | RefreshSuccess;

/** New tokens; the refresh token you sent no longer works. */
export type RefreshSuccess = {
  __typename: 'RefreshSuccess';
  /** A short-lived JWT for API calls. */
  accessToken: Scalars['String']['output'];
  /** When the access token stops working; refresh before then. */
  accessTokenExpiresAt: Scalars['DateTime']['output'];
  /** Trade it for new tokens with `refresh`. It works once: keep the newest. */
  refreshToken: Scalars['String']['output'];
  /** When the session ends; sign in again after that. */
  refreshTokenExpiresAt: Scalars['DateTime']['output'];
  /** The session these tokens belong to. */
  session: Session;
  /** Who signed in. */
  user: User;
};

/** Figures per region. */
export type RegionStats = {
  __typename: 'RegionStats';
  /** Backends in the region with finished jobs. */
  backends: Scalars['Int']['output'];
  /** What the jobs cost. */
  cost: Money;
  /** Jobs finished. */
  jobs: Scalars['Int']['output'];
  /** Submission to start. */
  queueWait: LatencyFigures;
  /** The provider's region (Braket: the AWS region); the provider's name for backends without one (local simulators, emulators). */
  region: Scalars['String']['output'];
  /** COMPLETED / (COMPLETED + FAILED). */
  successRate?: Maybe<Scalars['Float']['output']>;
};

/** The outcome of `register`. */
export type RegisterResult = InvalidInputError | RateLimitedError | RegisterSuccess;

/** The account exists; a verification link was mailed. */
export type RegisterSuccess = {
  __typename: 'RegisterSuccess';
  /** The new account (sign in to use it). */
  user: User;
};

/** A published version offered free in the registry. */
export type RegistryEntry = Node & {
  __typename: 'RegistryEntry';
  /** The app. */
  app?: Maybe<QuantumApp>;
  /** Packages served of this version. */
  downloads: Scalars['Int']['output'];
  /** The Globally Unique ID of this object */
  id: Scalars['ID']['output'];
  /** When it entered the registry. */
  publishedAt: Scalars['DateTime']['output'];
  /** Hex SHA-256 of the package (also sent as `X-Package-SHA256`). */
  sha256: Scalars['String']['output'];
  /** The package's size in bytes. */
  size: Scalars['Int']['output'];
  /** The version it offers. */
  version?: Maybe<AppVersion>;
};

/** A page of a list, with cursors to move through the rest. */
export type RegistryEntryConnection = {
  __typename: 'RegistryEntryConnection';
  /** The items of this page. */
  edges: Array<RegistryEntryEdge>;
  /** Where this page sits in the list. */
  pageInfo: PageInfo;
  /** How many items the whole list holds, across every page. */
  totalCount: Scalars['Int']['output'];
};

/** An edge in a connection: one node and the cursor that points at it. */
export type RegistryEntryEdge = {
  __typename: 'RegistryEntryEdge';
  /** An opaque cursor; pass it as `after` or `before`. */
  cursor: Scalars['String']['output'];
  /** The item at the end of the edge. */
  node: RegistryEntry;
};

/** How a project is released as an app. */
export type ReleaseProjectInput = {
  /** What the app is for. */
  category?: AppCategory;
  /** Markdown, at most 20,000 characters. */
  description?: InputMaybe<Scalars['String']['input']>;
  /** 1 to 100 characters. */
  name: Scalars['String']['input'];
  /** Unique and permanent: 3 to 64 lowercase letters, digits and single hyphens. */
  slug: Scalars['String']['input'];
  /** One line of at most 200 characters. */
  summary: Scalars['String']['input'];
  /** At most 10 distinct tags: 1 to 32 lowercase letters, digits and hyphens. */
  tags?: Array<Scalars['String']['input']>;
  /** Who may read the app. */
  visibility?: AppVisibility;
};

/** The outcome of `releaseProject`. */
export type ReleaseProjectResult = ForbiddenError | InvalidInputError | NotFoundError | ReleaseProjectSuccess;

/** The project is now an app. */
export type ReleaseProjectSuccess = {
  __typename: 'ReleaseProjectSuccess';
  /** The app. */
  app: QuantumApp;
};

/** The outcome of `replyToReview`. */
export type ReplyToReviewResult = ForbiddenError | InvalidInputError | NotFoundError | ReplyToReviewSuccess;

/** The reply is on the review. */
export type ReplyToReviewSuccess = {
  __typename: 'ReplyToReviewSuccess';
  /** The review with its reply. */
  review: Review;
};

/** The request was taken. The answer is the same for every address. */
export type RequestPasswordResetAccepted = {
  __typename: 'RequestPasswordResetAccepted';
  /** What happens next. */
  message: Scalars['String']['output'];
};

/** The outcome of `requestPasswordReset`. */
export type RequestPasswordResetResult = InvalidInputError | RateLimitedError | RequestPasswordResetAccepted;

/** The outcome of `resetPassword`. */
export type ResetPasswordResult = InvalidCredentialsError | InvalidInputError | ResetPasswordSuccess;

/** The password was reset and every session signed out. */
export type ResetPasswordSuccess = {
  __typename: 'ResetPasswordSuccess';
  /** How many sessions were signed out. */
  revokedSessions: Scalars['Int']['output'];
};

/** The outcome of `revenue`. */
export type RevenueResult = AppRevenue | InvalidInputError | NotFoundError;

/** One user's review of an app: stars, text and the owner's reply. */
export type Review = Node & {
  __typename: 'Review';
  /** The app. */
  app?: Maybe<QuantumApp>;
  /** Its author. */
  author?: Maybe<User>;
  /** When it was first written. */
  createdAt: Scalars['DateTime']['output'];
  /** Hidden by an admin: in no rating, seen only by its author and admins. */
  hidden: Scalars['Boolean']['output'];
  /** The Globally Unique ID of this object */
  id: Scalars['ID']['output'];
  /** Stars, 1 to 5. */
  rating: Scalars['Int']['output'];
  /** When the owner replied. */
  repliedAt?: Maybe<Scalars['DateTime']['output']>;
  /** The app owner's reply; null before. */
  reply?: Maybe<Scalars['String']['output']>;
  /** What the reviewer wrote (may be empty). */
  text: Scalars['String']['output'];
  /** When it last changed. */
  updatedAt: Scalars['DateTime']['output'];
};

/** A review: stars and what you think. */
export type ReviewAppInput = {
  /** Stars, 1 to 5. */
  rating: Scalars['Int']['input'];
  /** At most 5,000 characters. */
  text?: Scalars['String']['input'];
};

/** The outcome of `reviewApp`. */
export type ReviewAppResult = ForbiddenError | InvalidInputError | NotFoundError | RateLimitedError | ReviewAppSuccess;

/** The review is written (or rewritten); the app's rating follows. */
export type ReviewAppSuccess = {
  __typename: 'ReviewAppSuccess';
  /** The app's rating now. */
  rating: RatingSummary;
  /** The review. */
  review: Review;
};

/** A page of a list, with cursors to move through the rest. */
export type ReviewConnection = {
  __typename: 'ReviewConnection';
  /** The items of this page. */
  edges: Array<ReviewEdge>;
  /** Where this page sits in the list. */
  pageInfo: PageInfo;
  /** How many items the whole list holds, across every page. */
  totalCount: Scalars['Int']['output'];
};

/** An edge in a connection: one node and the cursor that points at it. */
export type ReviewEdge = {
  __typename: 'ReviewEdge';
  /** An opaque cursor; pass it as `after` or `before`. */
  cursor: Scalars['String']['output'];
  /** The item at the end of the edge. */
  node: Review;
};

/** The outcome of `revokeApiKey`. */
export type RevokeApiKeyResult = NotFoundError | RevokeApiKeySuccess;

/** The key is revoked; requests made with it are refused. */
export type RevokeApiKeySuccess = {
  __typename: 'RevokeApiKeySuccess';
  /** The key as it is now. */
  apiKey: ApiKey;
};

/** The outcome of `revokeSession`. */
export type RevokeSessionResult = NotFoundError | RevokeSessionSuccess;

/** The session was signed out. */
export type RevokeSessionSuccess = {
  __typename: 'RevokeSessionSuccess';
  /** The session, now revoked. */
  session: Session;
};

/** The outcome of the revocation. */
export type RevokeSubscriptionKeyResult = NotFoundError | RateLimitedError | RevokeSubscriptionKeySuccess;

/** The key is revoked: it authorises nothing from now on. */
export type RevokeSubscriptionKeySuccess = {
  __typename: 'RevokeSubscriptionKeySuccess';
  /** The key. */
  key: SubscriptionKey;
};

/** What a user may do: each role grants a set of scopes. */
export type Role =
  | 'ADMIN'
  | 'CONSUMER'
  | 'DEVELOPER';

/** Which version to run (`versionId`, or `appSlug` with an optional `version`: the app's latest release when omitted), its inputs, and the job's settings. */
export type RunAppInput = {
  /** Or the app's slug. */
  appSlug?: InputMaybe<Scalars['String']['input']>;
  /** The backend's name, e.g. `aer_simulator`. */
  backend: Scalars['String']['input'];
  /** The same key returns the job it first made. */
  idempotencyKey?: InputMaybe<Scalars['String']['input']>;
  /** A JSON object: a number per input of the version's `inputSchema`. */
  inputs: Scalars['JSON']['input'];
  /** Queue priority. */
  priority?: Priority;
  /** 1 to 100,000; the version's default shots when omitted. */
  shots?: InputMaybe<Scalars['Int']['input']>;
  /** Your labels. */
  tags?: Array<Scalars['String']['input']>;
  /** With `appSlug`: a version such as `1.2.0` (pins it). */
  version?: InputMaybe<Scalars['String']['input']>;
  /** The version. */
  versionId?: InputMaybe<Scalars['ID']['input']>;
};

/** The outcome of `runApp`. */
export type RunAppResult = AppArchivedError | BackendUnavailableError | CircuitLimitExceededError | CircuitTooLargeError | EmailNotVerifiedError | InvalidAppInputsError | InvalidCircuitError | InvalidInputError | InvalidSubscriptionKeyError | NotEntitledError | NotFoundError | QuotaExceededError | RateLimitedError | ShotsOutOfRangeError | SpendingLimitExceededError | SubmitJobSuccess | SubscriptionCapReachedError | UnknownBackendError | UnsupportedCircuitError;

/** An experiment to run. */
export type RunExperimentInput = {
  /** Backend names: one for health, latency (1-4) and dpd_demo; 2-4 to compare. */
  backends: Array<Scalars['String']['input']>;
  /** A retry with the same key returns the first run. */
  idempotencyKey?: InputMaybe<Scalars['String']['input']>;
  /** Preset parameters. health: points, rbSequences, t1GuessUs, t2GuessUs; latency: probes, rateHz; backend_compare: circuit (OpenQASM) or benchmark (ghz, qft) and width; dpd_demo: strengths (radians, 0 to π), drive1, drive2. */
  params?: Scalars['JSON']['input'];
  /** Which preset. */
  preset: ExperimentPreset;
  /** Qubits of interest (health: at most one). On emulators Qraph's compiler places circuits on the device's best qubits; the result names the physical qubit used. */
  qubits?: Array<Scalars['Int']['input']>;
  /** Shots per job; the control profile's default when omitted. */
  shots?: InputMaybe<Scalars['Int']['input']>;
};

/** The outcome of `runExperiment`. */
export type RunExperimentResult = BackendUnavailableError | CircuitLimitExceededError | CircuitTooLargeError | EmailNotVerifiedError | InvalidCircuitError | InvalidInputError | QuotaExceededError | RateLimitedError | RunExperimentSuccess | ShotsOutOfRangeError | SpendingLimitExceededError | SubscriptionCapReachedError | UnknownBackendError | UnsupportedCircuitError;

/** The run's jobs are queued (or, for a reused key, the run exists). */
export type RunExperimentSuccess = {
  __typename: 'RunExperimentSuccess';
  /** The run. */
  run: ExperimentRun;
  /** Guardrail and budget heads-ups that did not stop it. */
  warnings: Array<Scalars['String']['output']>;
};

/** Runs of an app started on one day (UTC). */
export type RunsOnDay = {
  __typename: 'RunsOnDay';
  /** The day, UTC. */
  day: Scalars['Date']['output'];
  /** Runs started that day, in any state. */
  runs: Scalars['Int']['output'];
};

/** RELEVANCE: best match of the words (name > summary > description; NEWEST without words); RATING: highest rated first (unrated last); DOWNLOADS: most downloaded; NEWEST: most recently listed or published. */
export type SearchOrder =
  | 'DOWNLOADS'
  | 'NEWEST'
  | 'RATING'
  | 'RELEVANCE';

/** One sign-in: a device or browser holding a refresh token. */
export type Session = Node & {
  __typename: 'Session';
  /** When the user signed in. */
  createdAt: Scalars['DateTime']['output'];
  /** True for the session this request authenticated with (or just opened). */
  current: Scalars['Boolean']['output'];
  /** When it ends unless signed out first. */
  expiresAt: Scalars['DateTime']['output'];
  /** The Globally Unique ID of this object */
  id: Scalars['ID']['output'];
  /** The client address at sign-in. */
  ip?: Maybe<Scalars['String']['output']>;
  /** When the session last refreshed its access token. */
  lastRefreshedAt?: Maybe<Scalars['DateTime']['output']>;
  /** When it was signed out. */
  revokedAt?: Maybe<Scalars['DateTime']['output']>;
  /** The client's User-Agent at sign-in. */
  userAgent?: Maybe<Scalars['String']['output']>;
};

/** The outcome of `setBackendStatus`. */
export type SetBackendStatusResult = InvalidInputError | NotFoundError | SetBackendStatusSuccess;

/** The backend's status was set. */
export type SetBackendStatusSuccess = {
  __typename: 'SetBackendStatusSuccess';
  /** The backend as it is now. */
  backend: Backend;
};

/** The control profile values to change; omitted ones stay. */
export type SetControlProfileInput = {
  /** 0 to 1. */
  backactionOk?: InputMaybe<Scalars['Float']['input']>;
  /** 0 to 1. */
  backactionWarn?: InputMaybe<Scalars['Float']['input']>;
  /** 1 to 100,000. */
  defaultShots?: InputMaybe<Scalars['Int']['input']>;
  /** 1 to 10^7. */
  experimentShotCap?: InputMaybe<Scalars['Int']['input']>;
  /** 0 to 1. */
  fidelityOk?: InputMaybe<Scalars['Float']['input']>;
  /** 0 to 1. */
  fidelityWarn?: InputMaybe<Scalars['Float']['input']>;
  /** 1 to 10^7. */
  largeBudgetWarningShots?: InputMaybe<Scalars['Int']['input']>;
  /** µs. */
  latencyOkUs?: InputMaybe<Scalars['Float']['input']>;
  /** 0.1 to 50. */
  latencyProbeRateHz?: InputMaybe<Scalars['Float']['input']>;
  /** µs. */
  latencyWarnUs?: InputMaybe<Scalars['Float']['input']>;
};

/** The outcome of `setControlProfile`. */
export type SetControlProfileResult = InvalidInputError | SetControlProfileSuccess;

/** The new control profile is in force. */
export type SetControlProfileSuccess = {
  __typename: 'SetControlProfileSuccess';
  /** The profile now. */
  profile: ControlProfile;
};

/** The outcome of `setNotificationPreference`. */
export type SetNotificationPreferenceResult = InvalidInputError | SetNotificationPreferenceSuccess;

/** The preference is saved. */
export type SetNotificationPreferenceSuccess = {
  __typename: 'SetNotificationPreferenceSuccess';
  /** The kind's preference. */
  preference: NotificationPreference;
};

/** The outcome of a spending limit change. */
export type SetSpendingLimitResult = ForbiddenError | InvalidInputError | NotFoundError | RateLimitedError | SetSpendingLimitSuccess;

/** The spending limit is set. */
export type SetSpendingLimitSuccess = {
  __typename: 'SetSpendingLimitSuccess';
  /** The ceiling an admin set; null: none. */
  adminLimit?: Maybe<Scalars['Decimal']['output']>;
  /** The month, against the limit now. */
  usage: SpendingUsage;
  /** The limit the user set; null: none. */
  userLimit?: Maybe<Scalars['Decimal']['output']>;
};

/** The outcome of `setUserRoles`. */
export type SetUserRolesResult = InvalidInputError | NotFoundError | SetUserRolesSuccess;

/** The user's roles were replaced. */
export type SetUserRolesSuccess = {
  __typename: 'SetUserRolesSuccess';
  /** The user, with their new roles. */
  user: User;
};

/** Shots used against your budget over the rolling period. */
export type ShotUsage = {
  __typename: 'ShotUsage';
  /** Start of the rolling period: usage before it no longer counts. */
  periodStart: Scalars['DateTime']['output'];
  /** Shots left before submissions are refused. */
  remaining: Scalars['Int']['output'];
  /** When the oldest usage in the period ages out and frees its shots (a full period from now when nothing is used). */
  resetsAt: Scalars['DateTime']['output'];
  /** Shots you may use in any such period. */
  shotBudget: Scalars['Int']['output'];
  /** Shots used in the period ending now. */
  shotsUsed: Scalars['Int']['output'];
  /** Money this calendar month: spent, reserved, your limit and what remains. */
  spending: SpendingUsage;
  /** True at 80% of the budget or more. */
  warning: Scalars['Boolean']['output'];
};

/** The shots are outside `minimum`..`maximum`. */
export type ShotsOutOfRangeError = Error & {
  __typename: 'ShotsOutOfRangeError';
  /** A stable, machine-readable error code. */
  code: Scalars['String']['output'];
  /** Most shots this job may ask for here. */
  maximum: Scalars['Int']['output'];
  /** What went wrong, for a person to read. */
  message: Scalars['String']['output'];
  /** Fewest shots a job may ask for. */
  minimum: Scalars['Int']['output'];
  /** What was asked for. */
  requested: Scalars['Int']['output'];
};

/** This would take your month's spend past your spending limit. */
export type SpendingLimitExceededError = Error & {
  __typename: 'SpendingLimitExceededError';
  /** A stable, machine-readable error code. */
  code: Scalars['String']['output'];
  /** What this submission was estimated at. */
  estimate: Scalars['Decimal']['output'];
  /** Your monthly spending limit. */
  limit: Scalars['Decimal']['output'];
  /** What went wrong, for a person to read. */
  message: Scalars['String']['output'];
  /** Spent or reserved this month so far. */
  spent: Scalars['Decimal']['output'];
};

/** Money this calendar month (UTC) against your spending limit. */
export type SpendingUsage = {
  __typename: 'SpendingUsage';
  /** Your monthly spending limit (the lower of yours and an admin's); null: none. */
  limit?: Maybe<Scalars['Decimal']['output']>;
  /** The next month's first instant (UTC). */
  periodEnd: Scalars['DateTime']['output'];
  /** The month's first instant (UTC). */
  periodStart: Scalars['DateTime']['output'];
  /** What may still be reserved before submissions are refused; null: no limit. */
  remaining?: Maybe<Scalars['Decimal']['output']>;
  /** Estimates of your jobs still queued or running, held against the limit. */
  reserved: Scalars['Decimal']['output'];
  /** Charged this month: completed jobs (backend and app per-run prices) and subscription fees. Unrounded; bills round each item once. */
  spent: Scalars['Decimal']['output'];
  /** True at 80% of the limit or more. */
  warning: Scalars['Boolean']['output'];
};

/** Your month's spend is at 80% of your spending limit or more. */
export type SpendingWarning = {
  __typename: 'SpendingWarning';
  /** Your monthly spending limit. */
  limit: Scalars['Decimal']['output'];
  /** Spent and reserved as a share of the limit. */
  percent: Scalars['Decimal']['output'];
  /** Spent this month, including reservations. */
  spent: Scalars['Decimal']['output'];
};

/** The outcome of `startTrial`. */
export type StartTrialResult = AlreadySubscribedError | ListingNotPurchasableError | NotFoundError | RateLimitedError | SubscriptionSuccess | TrialAlreadyUsedError;

/** One circuit to run. */
export type SubmitJobInput = {
  /** The backend's name, e.g. `aer_simulator`. */
  backend: Scalars['String']['input'];
  /** OpenQASM 3 or 2 source; the version comes from the `OPENQASM` header. */
  circuit: Scalars['String']['input'];
  /** Sending the same key again returns the job it created, without a second job or charge. */
  idempotencyKey?: InputMaybe<Scalars['String']['input']>;
  /** At most 200 characters. */
  name?: InputMaybe<Scalars['String']['input']>;
  /** HIGH jobs go first. */
  priority?: Priority;
  /** 1 to 100,000, and at most the backend's `maxShots`. */
  shots?: Scalars['Int']['input'];
  /** At most 8 labels of at most 64 characters. */
  tags?: Array<Scalars['String']['input']>;
};

/** The outcome of `submitJob`. */
export type SubmitJobResult = BackendUnavailableError | CircuitLimitExceededError | CircuitTooLargeError | EmailNotVerifiedError | InvalidCircuitError | InvalidInputError | QuotaExceededError | RateLimitedError | ShotsOutOfRangeError | SpendingLimitExceededError | SubmitJobSuccess | UnknownBackendError | UnsupportedCircuitError;

/** The job is queued (or, for a reused idempotency key, it exists). */
export type SubmitJobSuccess = {
  __typename: 'SubmitJobSuccess';
  /** The job. */
  job: Job;
  /** Set when your month's spend (spent and reserved) is at 80% of your spending limit or more after this submission; null otherwise. */
  spendingWarning?: Maybe<SpendingWarning>;
  /** Heads-ups that did not stop it, e.g. 80% of the shot budget is used. */
  warnings: Array<Scalars['String']['output']>;
};

/** At least one job was refused, so none was submitted. */
export type SubmitJobsRejected = {
  __typename: 'SubmitJobsRejected';
  /** Each refused job's error. */
  errors: Array<IndexedError>;
};

/** The outcome of `submitJobs`. */
export type SubmitJobsResult = EmailNotVerifiedError | InvalidInputError | QuotaExceededError | RateLimitedError | SpendingLimitExceededError | SubmitJobsRejected | SubmitJobsSuccess;

/** Every job is queued. */
export type SubmitJobsSuccess = {
  __typename: 'SubmitJobsSuccess';
  /** The jobs, in the order submitted. */
  jobs: Array<Job>;
  /** Heads-ups that did not stop them. */
  warnings: Array<Scalars['String']['output']>;
};

/** The outcome of `subscribe`. */
export type SubscribeResult = AlreadySubscribedError | ListingNotPurchasableError | NotFoundError | RateLimitedError | SubscriptionSuccess;

/** Live changes, pushed over WebSocket (graphql-transport-ws), Server-Sent Events (graphql-sse) or multipart HTTP. */
export type Subscription = {
  __typename: 'Subscription';
  /** One app's new versions, status changes and rating changes, from every API process. Its current state comes first; an app you may not read ends the stream. */
  appUpdated: AppUpdate;
  /** A backend's status changes. With `name`, the backend's current state comes first, so nothing is missed between reading and subscribing. Public. */
  backendStatusChanged: Backend;
  /** Your dashboard: now, then again whenever something in it changed, at most once a second; a burst of job and queue events is coalesced into one push. Without events it is re-checked every 30 seconds (a worker or Redis going away). */
  dashboardUpdated: Dashboard;
  /** One of your experiment runs: its state now, then after each change of its jobs and its analysis, ending once it is COMPLETED, FAILED or CANCELLED. A run not yours ends the stream at once. */
  experimentUpdated: ExperimentRun;
  /** One job: its current state first, then its state after each status change; completes once it reaches COMPLETED, FAILED or CANCELLED. A job that does not exist or is not yours (admins: anyone's) completes at once without a value. */
  jobUpdated: Job;
  /** Your jobs (admins: everyone's) as they change, filtered like `jobs`. No current state first: read `jobs` after subscribing. Never completes on its own. Sign-in required. */
  jobUpdates: Job;
  /** Your notifications as they are added, or as a coalesced one grows (same id, higher `count`). Only yours, from any API process. No current state first: read `notifications` after subscribing. Sign-in required. */
  notificationAdded: Notification;
  /** Backend queues as they change, like `queue` and `queues`: the current state first (one backend, or every ONLINE or busy one), then at most one message per backend every 250 ms, the last reflecting the final state. An unknown backend completes without a value. Sign-in required. */
  queueUpdated: BackendQueue;
};


/** Live changes, pushed over WebSocket (graphql-transport-ws), Server-Sent Events (graphql-sse) or multipart HTTP. */
export type SubscriptionAppUpdatedArgs = {
  slug: Scalars['String']['input'];
};


/** Live changes, pushed over WebSocket (graphql-transport-ws), Server-Sent Events (graphql-sse) or multipart HTTP. */
export type SubscriptionBackendStatusChangedArgs = {
  name?: InputMaybe<Scalars['String']['input']>;
};


/** Live changes, pushed over WebSocket (graphql-transport-ws), Server-Sent Events (graphql-sse) or multipart HTTP. */
export type SubscriptionExperimentUpdatedArgs = {
  id: Scalars['ID']['input'];
};


/** Live changes, pushed over WebSocket (graphql-transport-ws), Server-Sent Events (graphql-sse) or multipart HTTP. */
export type SubscriptionJobUpdatedArgs = {
  id: Scalars['ID']['input'];
};


/** Live changes, pushed over WebSocket (graphql-transport-ws), Server-Sent Events (graphql-sse) or multipart HTTP. */
export type SubscriptionJobUpdatesArgs = {
  filter?: InputMaybe<JobFilter>;
};


/** Live changes, pushed over WebSocket (graphql-transport-ws), Server-Sent Events (graphql-sse) or multipart HTTP. */
export type SubscriptionQueueUpdatedArgs = {
  backend?: InputMaybe<Scalars['String']['input']>;
};

/** This run would push the subscription past its cap for the period. */
export type SubscriptionCapReachedError = Error & {
  __typename: 'SubscriptionCapReachedError';
  /** The subscription's cap per period. */
  cap: Scalars['Decimal']['output'];
  /** A stable, machine-readable error code. */
  code: Scalars['String']['output'];
  /** What went wrong, for a person to read. */
  message: Scalars['String']['output'];
  /** Charged or reserved in the period so far. */
  used: Scalars['Decimal']['output'];
};

/** A key that authorises runApp of one app under one subscription. */
export type SubscriptionKey = Node & {
  __typename: 'SubscriptionKey';
  /** When it was made. */
  createdAt: Scalars['DateTime']['output'];
  /** When it stops working; or never. */
  expiresAt?: Maybe<Scalars['DateTime']['output']>;
  /** The Globally Unique ID of this object */
  id: Scalars['ID']['output'];
  /** Its last run. */
  lastUsedAt?: Maybe<Scalars['DateTime']['output']>;
  /** Its name, as given. */
  name: Scalars['String']['output'];
  /** `qs_…` and the secret's last four characters. */
  preview: Scalars['String']['output'];
  /** Runs per minute it may start; or none. */
  rateLimit?: Maybe<Scalars['Int']['output']>;
  /** When it was revoked. */
  revokedAt?: Maybe<Scalars['DateTime']['output']>;
  /** Runs started with it. */
  runs: Scalars['Int']['output'];
};

/** The subscription is already cancelled or expired. */
export type SubscriptionNotCancellableError = Error & {
  __typename: 'SubscriptionNotCancellableError';
  /** A stable, machine-readable error code. */
  code: Scalars['String']['output'];
  /** What went wrong, for a person to read. */
  message: Scalars['String']['output'];
};

/** Where a plan subscription stands. */
export type SubscriptionStatus =
  | 'ACTIVE'
  | 'CANCELLED'
  | 'EXPIRED'
  | 'TRIALING';

/** The subscription as it stands after the change. */
export type SubscriptionSuccess = {
  __typename: 'SubscriptionSuccess';
  /** Whether a period's flat fee was charged by this change. */
  charged: Scalars['Boolean']['output'];
  /** The subscription. */
  subscription: PlanSubscription;
};

/** The outcome of `syncBackends`. */
export type SyncBackendsResult = ProviderUnavailableError | SyncBackendsSuccess;

/** The catalog was reloaded. */
export type SyncBackendsSuccess = {
  __typename: 'SyncBackendsSuccess';
  /** Backends with the same snapshot. */
  calibrationsUnchanged: Scalars['Int']['output'];
  /** Backends whose calibration changed. */
  calibrationsWritten: Scalars['Int']['output'];
  /** Backends seen for the first time. */
  created: Scalars['Int']['output'];
  /** Backends no provider offers any more. */
  retired: Scalars['Int']['output'];
  /** How long the sync took. */
  seconds: Scalars['Float']['output'];
  /** Backends already known, updated in place. */
  updated: Scalars['Int']['output'];
};

/** The outcome of `syncIbmJobs`. */
export type SyncIbmJobsResult = InvalidCredentialsError | NotFoundError | ProviderUnavailableError | RateLimitedError | SyncIbmJobsSuccess;

/** Your IBM jobs were imported or brought up to date. */
export type SyncIbmJobsSuccess = {
  __typename: 'SyncIbmJobsSuccess';
  /** The account after the sync. */
  account: ConnectedAccount;
  /** Jobs seen for the first time. */
  imported: Scalars['Int']['output'];
  /** Jobs IBM listed for the account. */
  seen: Scalars['Int']['output'];
  /** Listed jobs that could not be read this time; the next sync retries them. */
  skipped: Scalars['Int']['output'];
  /** Known jobs whose status moved on. */
  updated: Scalars['Int']['output'];
};

/** The service as the graph sees it (HTTP `/health` is for probes). `status`: OK; DEGRADED without Redis or a live worker (slower, still correct); DOWN without the database. */
export type SystemStatus = {
  __typename: 'SystemStatus';
  /** When this was read. */
  checkedAt: Scalars['DateTime']['output'];
  /** PostgreSQL answered. */
  database: Scalars['Boolean']['output'];
  /** Deliveries waiting in Redis for a worker; null without Redis. */
  deliveryQueueDepth?: Maybe<Scalars['Int']['output']>;
  /** Seconds the oldest QUEUED job has waited; null when none waits. */
  oldestQueuedAgeS?: Maybe<Scalars['Float']['output']>;
  /** Each provider. */
  providers: Array<ProviderReachability>;
  /** Jobs QUEUED (the database's count). */
  queueDepth: Scalars['Int']['output'];
  /** Redis answered. */
  redis: Scalars['Boolean']['output'];
  /** Jobs RUNNING. */
  running: Scalars['Int']['output'];
  /** OK, DEGRADED or DOWN. */
  status: Scalars['String']['output'];
  /** Workers with a live heartbeat; null when Redis could not say. */
  workersAlive?: Maybe<Scalars['Int']['output']>;
};

/** A lowercase label shared by every app that carries it. */
export type Tag = Node & {
  __typename: 'Tag';
  /** The Globally Unique ID of this object */
  id: Scalars['ID']['output'];
  /** The tag, e.g. `chemistry`. */
  name: Scalars['String']['output'];
};

/** The physical (or simulated) platform. */
export type Technology =
  | 'NEUTRAL_ATOM'
  | 'PHOTONIC'
  | 'SIMULATOR'
  | 'SUPERCONDUCTING'
  | 'TRAPPED_ION';

/** Too many failed attempts. Try again after `retryAfter` seconds. */
export type ThrottledError = Error & {
  __typename: 'ThrottledError';
  /** A stable, machine-readable error code. */
  code: Scalars['String']['output'];
  /** What went wrong, for a person to read. */
  message: Scalars['String']['output'];
  /** Seconds until a new attempt is accepted. */
  retryAfter: Scalars['Int']['output'];
};

/** A time window, on whole UTC hours: `start` is rounded down and `end` up to the hour. At most 366 days, and at most 1000 buckets. */
export type TimeWindow = {
  /** Until; default: now. */
  end?: InputMaybe<Scalars['DateTime']['input']>;
  /** From (inclusive); default: 24 hours before `end`. */
  start?: InputMaybe<Scalars['DateTime']['input']>;
};

/** A backend ranked by its KPIs over the last 24 hours. */
export type TopBackend = {
  __typename: 'TopBackend';
  /** The backend. */
  backendName: Scalars['String']['output'];
  /** Its KPIs (no health figures here). */
  kpis: BackendKpis;
  /** Who runs it. */
  provider: Scalars['String']['output'];
};

/** A trial is once per user per listing. */
export type TrialAlreadyUsedError = Error & {
  __typename: 'TrialAlreadyUsedError';
  /** A stable, machine-readable error code. */
  code: Scalars['String']['output'];
  /** What went wrong, for a person to read. */
  message: Scalars['String']['output'];
};

/** No backend has this name. */
export type UnknownBackendError = Error & {
  __typename: 'UnknownBackendError';
  /** The name that was given. */
  backend: Scalars['String']['output'];
  /** A stable, machine-readable error code. */
  code: Scalars['String']['output'];
  /** What went wrong, for a person to read. */
  message: Scalars['String']['output'];
};

/** The backend cannot run this circuit (e.g. a non-Clifford gate). */
export type UnsupportedCircuitError = Error & {
  __typename: 'UnsupportedCircuitError';
  /** A stable, machine-readable error code. */
  code: Scalars['String']['output'];
  /** What went wrong, for a person to read. */
  message: Scalars['String']['output'];
};

/** Changes to an app; omitted fields stay as they are. */
export type UpdateAppInput = {
  /** What the app is for. */
  category?: InputMaybe<AppCategory>;
  /** Markdown, ≤ 20,000. */
  description?: InputMaybe<Scalars['String']['input']>;
  /** 1 to 100 characters. */
  name?: InputMaybe<Scalars['String']['input']>;
  /** One line, ≤ 200 chars. */
  summary?: InputMaybe<Scalars['String']['input']>;
  /** The new tags (replacing the old), at most 10. */
  tags?: InputMaybe<Array<Scalars['String']['input']>>;
  /** Who may read the app. */
  visibility?: InputMaybe<AppVisibility>;
};

/** The outcome of `updateApp`. */
export type UpdateAppResult = ForbiddenError | InvalidInputError | NotFoundError | UpdateAppSuccess;

/** The app was changed. */
export type UpdateAppSuccess = {
  __typename: 'UpdateAppSuccess';
  /** The app as it is now. */
  app: QuantumApp;
};

/** Changes to a DRAFT version; omitted fields stay as they are. */
export type UpdateAppVersionInput = {
  /** Per input name: `minimum`, `maximum`, `enum` (numbers) and `description`, e.g. `{"theta": {"minimum": 0, "maximum": 6.283}}`. They must fit the declared types. */
  constraints?: InputMaybe<Scalars['JSON']['input']>;
  /** 1 to 100,000. */
  defaultShots?: InputMaybe<Scalars['Int']['input']>;
  /** Markdown. */
  documentation?: InputMaybe<Scalars['String']['input']>;
  /** Markdown. */
  releaseNotes?: InputMaybe<Scalars['String']['input']>;
  /** The SDK it was built with. */
  sdk?: InputMaybe<Scalars['String']['input']>;
  /** OpenQASM 3 with its parameters declared as `input angle[32] theta;` or `input float[64] x;`, parsed as jobs are: an error comes back with its line and column. */
  template?: InputMaybe<Scalars['String']['input']>;
};

/** The outcome of `updateAppVersion`. */
export type UpdateAppVersionResult = AppVersionImmutableError | CircuitLimitExceededError | ForbiddenError | InvalidCircuitError | InvalidInputError | NotFoundError | RateLimitedError | UpdateAppVersionSuccess;

/** The draft version was changed. */
export type UpdateAppVersionSuccess = {
  __typename: 'UpdateAppVersionSuccess';
  /** The version as it is now. */
  version: AppVersion;
};

/** Changes to a listing; omitted fields stay as they are. */
export type UpdateMarketplaceListingInput = {
  capPerPeriod?: InputMaybe<MoneyInput>;
  flatPrice?: InputMaybe<MoneyInput>;
  /** true: list a draft or relist; false: delist. */
  listed?: InputMaybe<Scalars['Boolean']['input']>;
  perRunPrice?: InputMaybe<MoneyInput>;
  period?: InputMaybe<BillingPeriod>;
  pricingModel?: InputMaybe<PricingModel>;
  supportEmail?: InputMaybe<Scalars['String']['input']>;
  supportUrl?: InputMaybe<Scalars['String']['input']>;
  trialDays?: InputMaybe<Scalars['Int']['input']>;
};

/** Profile changes. Omitted fields stay as they are; null or blank clears one. */
export type UpdateProfileInput = {
  /** An http(s) address of a picture. */
  avatarUrl?: InputMaybe<Scalars['String']['input']>;
  /** A short biography (at most 2000 characters). */
  bio?: InputMaybe<Scalars['String']['input']>;
  /** The whole list of links, at most 10; [] clears. */
  links?: InputMaybe<Array<ProfileLinkInput>>;
  /** Employer, lab or university (at most 200). */
  organization?: InputMaybe<Scalars['String']['input']>;
};

/** The outcome of `updateProfile`. */
export type UpdateProfileResult = InvalidInputError | UpdateProfileSuccess;

/** The profile was saved. */
export type UpdateProfileSuccess = {
  __typename: 'UpdateProfileSuccess';
  /** The account, with its profile as it is now. */
  user: User;
};

/** Changes to a project; omitted fields stay as they are. */
export type UpdateProjectInput = {
  /** At most 5,000 characters. */
  description?: InputMaybe<Scalars['String']['input']>;
  /** 1 to 100 characters. */
  name?: InputMaybe<Scalars['String']['input']>;
};

/** The outcome of `updateProject`. */
export type UpdateProjectResult = InvalidInputError | NotFoundError | UpdateProjectSuccess;

/** The project was changed. */
export type UpdateProjectSuccess = {
  __typename: 'UpdateProjectSuccess';
  /** The project as it is now. */
  project: Project;
};

/** A person with an account. */
export type User = Node & {
  __typename: 'User';
  /** The user's API keys, newest first. Empty unless you are them or an admin. */
  apiKeys: ApiKeyConnection;
  /** Provider accounts connected (IBM Quantum). Empty unless you are them or an admin. */
  connectedAccounts: Array<ConnectedAccount>;
  /** When the account was registered. */
  createdAt: Scalars['DateTime']['output'];
  /** The sign-in address. Null unless you are this user or an admin. */
  email?: Maybe<Scalars['String']['output']>;
  /** True once the email link was opened. */
  emailVerified: Scalars['Boolean']['output'];
  /** The Globally Unique ID of this object */
  id: Scalars['ID']['output'];
  /** What the user tells others. */
  profile: UserProfile;
  /** What the user may do. */
  roles: Array<Role>;
  /** Live sign-ins, newest first. Empty unless you are this user or an admin. */
  sessions: Array<Session>;
  /** Unique, case-insensitively. */
  username: Scalars['String']['output'];
};


/** A person with an account. */
export type UserApiKeysArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  first?: InputMaybe<Scalars['Int']['input']>;
  includeRevoked?: Scalars['Boolean']['input'];
};

/** Who ran jobs in the window: everyone for admins, else yourself. */
export type UserActivity = {
  __typename: 'UserActivity';
  /** Users with a job finished in the window. */
  activeUsers: Scalars['Int']['output'];
  /** The most active first, at most 100. */
  users: Array<UserActivityEntry>;
};

/** One user's finished jobs in the window. */
export type UserActivityEntry = {
  __typename: 'UserActivityEntry';
  /** What the jobs cost, per currency. */
  cost: Array<Money>;
  /** Jobs finished. */
  jobs: Scalars['Int']['output'];
  /** Shots run. */
  shots: Scalars['Int']['output'];
  /** COMPLETED / (COMPLETED + FAILED). */
  successRate?: Maybe<Scalars['Float']['output']>;
  /** The user's global ID. */
  userId: Scalars['ID']['output'];
  /** Their username (null when deleted). */
  username?: Maybe<Scalars['String']['output']>;
};

/** A page of a list, with cursors to move through the rest. */
export type UserConnection = {
  __typename: 'UserConnection';
  /** The items of this page. */
  edges: Array<UserEdge>;
  /** Where this page sits in the list. */
  pageInfo: PageInfo;
  /** How many items the whole list holds, across every page. */
  totalCount: Scalars['Int']['output'];
};

/** An edge in a connection: one node and the cursor that points at it. */
export type UserEdge = {
  __typename: 'UserEdge';
  /** An opaque cursor; pass it as `after` or `before`. */
  cursor: Scalars['String']['output'];
  /** The item at the end of the edge. */
  node: User;
};

/** Narrow the user list. Every given condition must hold. */
export type UserFilter = {
  /** Disabled or not. */
  disabled?: InputMaybe<Scalars['Boolean']['input']>;
  /** Users holding this role. */
  role?: InputMaybe<Role>;
  /** Case-insensitive substring of the username or email. */
  search?: InputMaybe<Scalars['String']['input']>;
  /** Email verified or not. */
  verified?: InputMaybe<Scalars['Boolean']['input']>;
};

/** What a user tells others about themselves. */
export type UserProfile = {
  __typename: 'UserProfile';
  /** An http(s) address of a picture. */
  avatarUrl?: Maybe<Scalars['String']['output']>;
  /** A short biography. */
  bio?: Maybe<Scalars['String']['output']>;
  /** Up to 10 links. */
  links: Array<ProfileLink>;
  /** Employer, lab or university. */
  organization?: Maybe<Scalars['String']['output']>;
};

/** The outcome of `verifyEmail`. */
export type VerifyEmailResult = InvalidCredentialsError | VerifyEmailSuccess;

/** The email address is verified. */
export type VerifyEmailSuccess = {
  __typename: 'VerifyEmailSuccess';
  /** The account, now verified. */
  user: User;
};

/** DRAFT (editable, owner only) → PUBLISHED (immutable) → DEPRECATED or YANKED. A yanked version still reads for those pinned to it but is never the latest. */
export type VersionStatus =
  | 'DEPRECATED'
  | 'DRAFT'
  | 'PUBLISHED'
  | 'YANKED';

export type BackendsPageQueryVariables = Exact<{
  first: Scalars['Int']['input'];
  after?: InputMaybe<Scalars['String']['input']>;
  filter?: InputMaybe<BackendFilter>;
}>;


export type BackendsPageQuery = { __typename: 'Query', backends: { __typename: 'BackendConnection', totalCount: number, pageInfo: { __typename: 'PageInfo', hasNextPage: boolean, endCursor?: string | null }, edges: Array<{ __typename: 'BackendEdge', node: { __typename: 'Backend', id: string, name: string, provider: Provider, technology: Technology, qubits: number, simulator: boolean, status: BackendStatus, lastCalibratedAt?: string | null, pricing: { __typename: 'BackendPricing', perShot: string, perTask: string, currency: string } } }> } };

export type SubmitJobMutationVariables = Exact<{
  input: SubmitJobInput;
}>;


export type SubmitJobMutation = { __typename: 'Mutation', submitJob:
    | { __typename: 'BackendUnavailableError', code: string, message: string }
    | { __typename: 'CircuitLimitExceededError', limit: string, maximum: number, requested: number, code: string, message: string }
    | { __typename: 'CircuitTooLargeError', code: string, message: string }
    | { __typename: 'EmailNotVerifiedError', code: string, message: string }
    | { __typename: 'InvalidCircuitError', line: number, column: number, code: string, message: string }
    | { __typename: 'InvalidInputError', code: string, message: string }
    | { __typename: 'QuotaExceededError', code: string, message: string }
    | { __typename: 'RateLimitedError', code: string, message: string }
    | { __typename: 'ShotsOutOfRangeError', code: string, message: string }
    | { __typename: 'SpendingLimitExceededError', code: string, message: string }
    | { __typename: 'SubmitJobSuccess', warnings: Array<string>, job: { __typename: 'Job', id: string, status: JobStatus, queuePosition?: number | null, createdAt: string, costEstimate: { __typename: 'Money', amount: string, currency: string } } }
    | { __typename: 'UnknownBackendError', code: string, message: string }
    | { __typename: 'UnsupportedCircuitError', code: string, message: string }
   };

export type JobUpdatedSubscriptionVariables = Exact<{
  id: Scalars['ID']['input'];
}>;


export type JobUpdatedSubscription = { __typename: 'Subscription', jobUpdated: { __typename: 'Job', id: string, status: JobStatus, queuePosition?: number | null, startedAt?: string | null, finishedAt?: string | null, actualCost?: { __typename: 'Money', amount: string, currency: string } | null, error?: { __typename: 'JobError', code: string, message: string } | null, result?: { __typename: 'JobResult', counts: Array<{ __typename: 'BitstringCount', bitstring: string, count: number }> } | null, kpis: { __typename: 'JobKpis', fidelity?: number | null, status?: KpiStatus | null } } };


export const BackendsPageDocument = {"__meta__":{"hash":"793c8cd4405b0ab31dbe03d61c3fcbcf5ffe6bfc85e7c7639c6eb3f2fd28bd77"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"BackendsPage"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"first"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"Int"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"after"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"filter"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"BackendFilter"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"backends"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"Variable","name":{"kind":"Name","value":"first"}}},{"kind":"Argument","name":{"kind":"Name","value":"after"},"value":{"kind":"Variable","name":{"kind":"Name","value":"after"}}},{"kind":"Argument","name":{"kind":"Name","value":"filter"},"value":{"kind":"Variable","name":{"kind":"Name","value":"filter"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"totalCount"}},{"kind":"Field","name":{"kind":"Name","value":"pageInfo"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"hasNextPage"}},{"kind":"Field","name":{"kind":"Name","value":"endCursor"}}]}},{"kind":"Field","name":{"kind":"Name","value":"edges"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"node"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"provider"}},{"kind":"Field","name":{"kind":"Name","value":"technology"}},{"kind":"Field","name":{"kind":"Name","value":"qubits"}},{"kind":"Field","name":{"kind":"Name","value":"simulator"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"lastCalibratedAt"}},{"kind":"Field","name":{"kind":"Name","value":"pricing"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"perShot"}},{"kind":"Field","name":{"kind":"Name","value":"perTask"}},{"kind":"Field","name":{"kind":"Name","value":"currency"}}]}}]}}]}}]}}]}}]} as unknown as DocumentNode<BackendsPageQuery, BackendsPageQueryVariables>;
export const SubmitJobDocument = {"__meta__":{"hash":"a9281fd925d607643ccfc29c2012282584c4020d47419964396e193c4cba82e0"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"SubmitJob"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"SubmitJobInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"submitJob"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"SubmitJobSuccess"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"warnings"}},{"kind":"Field","name":{"kind":"Name","value":"job"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"queuePosition"}},{"kind":"Field","name":{"kind":"Name","value":"createdAt"}},{"kind":"Field","name":{"kind":"Name","value":"costEstimate"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"amount"}},{"kind":"Field","name":{"kind":"Name","value":"currency"}}]}}]}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"InvalidCircuitError"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"line"}},{"kind":"Field","name":{"kind":"Name","value":"column"}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"CircuitLimitExceededError"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"limit"}},{"kind":"Field","name":{"kind":"Name","value":"maximum"}},{"kind":"Field","name":{"kind":"Name","value":"requested"}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Error"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"message"}}]}}]}}]}}]} as unknown as DocumentNode<SubmitJobMutation, SubmitJobMutationVariables>;
export const JobUpdatedDocument = {"__meta__":{"hash":"4aafaec550cc13bf03157e23d160dcda545a8bf1981fd7839d9ab017e2976855"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"subscription","name":{"kind":"Name","value":"JobUpdated"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"id"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"jobUpdated"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"id"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"queuePosition"}},{"kind":"Field","name":{"kind":"Name","value":"startedAt"}},{"kind":"Field","name":{"kind":"Name","value":"finishedAt"}},{"kind":"Field","name":{"kind":"Name","value":"actualCost"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"amount"}},{"kind":"Field","name":{"kind":"Name","value":"currency"}}]}},{"kind":"Field","name":{"kind":"Name","value":"error"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"message"}}]}},{"kind":"Field","name":{"kind":"Name","value":"result"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"counts"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"bitstring"}},{"kind":"Field","name":{"kind":"Name","value":"count"}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"kpis"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"fidelity"}},{"kind":"Field","name":{"kind":"Name","value":"status"}}]}}]}}]}}]} as unknown as DocumentNode<JobUpdatedSubscription, JobUpdatedSubscriptionVariables>;
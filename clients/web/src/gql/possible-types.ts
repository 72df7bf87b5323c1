
      export type PossibleTypesResultData = {
  "possibleTypes": {
    "AnalyticsResult": [
      "Analytics",
      "InvalidInputError"
    ],
    "AppVersionStatusResult": [
      "AppArchivedError",
      "AppVersionStatusChanged",
      "ForbiddenError",
      "InvalidInputError",
      "InvalidVersionTransitionError",
      "NotFoundError"
    ],
    "ArchiveAppResult": [
      "ArchiveAppSuccess",
      "ForbiddenError",
      "NotFoundError"
    ],
    "CancelJobResult": [
      "CancelJobSuccess",
      "JobNotCancellableError",
      "NotFoundError",
      "RateLimitedError"
    ],
    "ChangePasswordResult": [
      "ChangePasswordSuccess",
      "InvalidCredentialsError",
      "InvalidInputError",
      "ThrottledError"
    ],
    "CreateApiKeyResult": [
      "CreateApiKeySuccess",
      "EmailNotVerifiedError",
      "ForbiddenError",
      "InvalidInputError",
      "RateLimitedError"
    ],
    "CreateAppVersionResult": [
      "AppArchivedError",
      "CircuitLimitExceededError",
      "CreateAppVersionSuccess",
      "ForbiddenError",
      "InvalidCircuitError",
      "InvalidInputError",
      "NotFoundError",
      "RateLimitedError"
    ],
    "CreateProjectResult": [
      "CreateProjectSuccess",
      "ForbiddenError",
      "InvalidInputError"
    ],
    "DeleteProjectResult": [
      "DeleteProjectSuccess",
      "NotFoundError",
      "ProjectHasPublishedVersionsError"
    ],
    "DownloadAppVersionResult": [
      "DownloadLink",
      "NotFoundError"
    ],
    "EnableDeveloperAccountResult": [
      "EnableDeveloperAccountSuccess",
      "InvalidInputError",
      "RateLimitedError"
    ],
    "Error": [
      "AppArchivedError",
      "AppVersionImmutableError",
      "BackendUnavailableError",
      "CircuitLimitExceededError",
      "CircuitTooLargeError",
      "EmailNotVerifiedError",
      "ForbiddenError",
      "InvalidAppInputsError",
      "InvalidCircuitError",
      "InvalidCredentialsError",
      "InvalidInputError",
      "InvalidVersionTransitionError",
      "JobNotCancellableError",
      "NotEntitledError",
      "NotFoundError",
      "ProjectHasPublishedVersionsError",
      "ProviderUnavailableError",
      "QuotaExceededError",
      "RateLimitedError",
      "ShotsOutOfRangeError",
      "ThrottledError",
      "UnknownBackendError",
      "UnsupportedCircuitError"
    ],
    "HideReviewResult": [
      "ForbiddenError",
      "HideReviewSuccess",
      "NotFoundError"
    ],
    "LoginResult": [
      "InvalidCredentialsError",
      "LoginSuccess",
      "ThrottledError"
    ],
    "MarketplaceListingResult": [
      "AppArchivedError",
      "ForbiddenError",
      "InvalidInputError",
      "MarketplaceListingChanged",
      "NotFoundError"
    ],
    "Node": [
      "ApiKey",
      "AppVersion",
      "Backend",
      "Job",
      "MarketplaceListing",
      "Project",
      "QuantumApp",
      "RegistryEntry",
      "Review",
      "Session",
      "Tag",
      "User"
    ],
    "PublishToRegistryResult": [
      "AppArchivedError",
      "ForbiddenError",
      "InvalidInputError",
      "InvalidVersionTransitionError",
      "NotFoundError",
      "PublishToRegistrySuccess"
    ],
    "RefreshResult": [
      "InvalidCredentialsError",
      "RefreshSuccess"
    ],
    "RegisterResult": [
      "InvalidInputError",
      "RateLimitedError",
      "RegisterSuccess"
    ],
    "ReleaseProjectResult": [
      "ForbiddenError",
      "InvalidInputError",
      "NotFoundError",
      "ReleaseProjectSuccess"
    ],
    "ReplyToReviewResult": [
      "ForbiddenError",
      "InvalidInputError",
      "NotFoundError",
      "ReplyToReviewSuccess"
    ],
    "RequestPasswordResetResult": [
      "InvalidInputError",
      "RateLimitedError",
      "RequestPasswordResetAccepted"
    ],
    "ResetPasswordResult": [
      "InvalidCredentialsError",
      "InvalidInputError",
      "ResetPasswordSuccess"
    ],
    "ReviewAppResult": [
      "ForbiddenError",
      "InvalidInputError",
      "NotFoundError",
      "RateLimitedError",
      "ReviewAppSuccess"
    ],
    "RevokeApiKeyResult": [
      "NotFoundError",
      "RevokeApiKeySuccess"
    ],
    "RevokeSessionResult": [
      "NotFoundError",
      "RevokeSessionSuccess"
    ],
    "RunAppResult": [
      "AppArchivedError",
      "BackendUnavailableError",
      "CircuitLimitExceededError",
      "CircuitTooLargeError",
      "EmailNotVerifiedError",
      "InvalidAppInputsError",
      "InvalidCircuitError",
      "InvalidInputError",
      "NotEntitledError",
      "NotFoundError",
      "QuotaExceededError",
      "RateLimitedError",
      "ShotsOutOfRangeError",
      "SubmitJobSuccess",
      "UnknownBackendError",
      "UnsupportedCircuitError"
    ],
    "SetBackendStatusResult": [
      "InvalidInputError",
      "NotFoundError",
      "SetBackendStatusSuccess"
    ],
    "SetUserRolesResult": [
      "InvalidInputError",
      "NotFoundError",
      "SetUserRolesSuccess"
    ],
    "SubmitJobResult": [
      "BackendUnavailableError",
      "CircuitLimitExceededError",
      "CircuitTooLargeError",
      "EmailNotVerifiedError",
      "InvalidCircuitError",
      "InvalidInputError",
      "QuotaExceededError",
      "RateLimitedError",
      "ShotsOutOfRangeError",
      "SubmitJobSuccess",
      "UnknownBackendError",
      "UnsupportedCircuitError"
    ],
    "SubmitJobsResult": [
      "EmailNotVerifiedError",
      "InvalidInputError",
      "QuotaExceededError",
      "RateLimitedError",
      "SubmitJobsRejected",
      "SubmitJobsSuccess"
    ],
    "SyncBackendsResult": [
      "ProviderUnavailableError",
      "SyncBackendsSuccess"
    ],
    "UpdateAppResult": [
      "ForbiddenError",
      "InvalidInputError",
      "NotFoundError",
      "UpdateAppSuccess"
    ],
    "UpdateAppVersionResult": [
      "AppVersionImmutableError",
      "CircuitLimitExceededError",
      "ForbiddenError",
      "InvalidCircuitError",
      "InvalidInputError",
      "NotFoundError",
      "RateLimitedError",
      "UpdateAppVersionSuccess"
    ],
    "UpdateProfileResult": [
      "InvalidInputError",
      "UpdateProfileSuccess"
    ],
    "UpdateProjectResult": [
      "InvalidInputError",
      "NotFoundError",
      "UpdateProjectSuccess"
    ],
    "VerifyEmailResult": [
      "InvalidCredentialsError",
      "VerifyEmailSuccess"
    ]
  }
};
      const result: PossibleTypesResultData = {
  "possibleTypes": {
    "AnalyticsResult": [
      "Analytics",
      "InvalidInputError"
    ],
    "AppVersionStatusResult": [
      "AppArchivedError",
      "AppVersionStatusChanged",
      "ForbiddenError",
      "InvalidInputError",
      "InvalidVersionTransitionError",
      "NotFoundError"
    ],
    "ArchiveAppResult": [
      "ArchiveAppSuccess",
      "ForbiddenError",
      "NotFoundError"
    ],
    "CancelJobResult": [
      "CancelJobSuccess",
      "JobNotCancellableError",
      "NotFoundError",
      "RateLimitedError"
    ],
    "ChangePasswordResult": [
      "ChangePasswordSuccess",
      "InvalidCredentialsError",
      "InvalidInputError",
      "ThrottledError"
    ],
    "CreateApiKeyResult": [
      "CreateApiKeySuccess",
      "EmailNotVerifiedError",
      "ForbiddenError",
      "InvalidInputError",
      "RateLimitedError"
    ],
    "CreateAppVersionResult": [
      "AppArchivedError",
      "CircuitLimitExceededError",
      "CreateAppVersionSuccess",
      "ForbiddenError",
      "InvalidCircuitError",
      "InvalidInputError",
      "NotFoundError",
      "RateLimitedError"
    ],
    "CreateProjectResult": [
      "CreateProjectSuccess",
      "ForbiddenError",
      "InvalidInputError"
    ],
    "DeleteProjectResult": [
      "DeleteProjectSuccess",
      "NotFoundError",
      "ProjectHasPublishedVersionsError"
    ],
    "DownloadAppVersionResult": [
      "DownloadLink",
      "NotFoundError"
    ],
    "EnableDeveloperAccountResult": [
      "EnableDeveloperAccountSuccess",
      "InvalidInputError",
      "RateLimitedError"
    ],
    "Error": [
      "AppArchivedError",
      "AppVersionImmutableError",
      "BackendUnavailableError",
      "CircuitLimitExceededError",
      "CircuitTooLargeError",
      "EmailNotVerifiedError",
      "ForbiddenError",
      "InvalidAppInputsError",
      "InvalidCircuitError",
      "InvalidCredentialsError",
      "InvalidInputError",
      "InvalidVersionTransitionError",
      "JobNotCancellableError",
      "NotEntitledError",
      "NotFoundError",
      "ProjectHasPublishedVersionsError",
      "ProviderUnavailableError",
      "QuotaExceededError",
      "RateLimitedError",
      "ShotsOutOfRangeError",
      "ThrottledError",
      "UnknownBackendError",
      "UnsupportedCircuitError"
    ],
    "HideReviewResult": [
      "ForbiddenError",
      "HideReviewSuccess",
      "NotFoundError"
    ],
    "LoginResult": [
      "InvalidCredentialsError",
      "LoginSuccess",
      "ThrottledError"
    ],
    "MarketplaceListingResult": [
      "AppArchivedError",
      "ForbiddenError",
      "InvalidInputError",
      "MarketplaceListingChanged",
      "NotFoundError"
    ],
    "Node": [
      "ApiKey",
      "AppVersion",
      "Backend",
      "Job",
      "MarketplaceListing",
      "Project",
      "QuantumApp",
      "RegistryEntry",
      "Review",
      "Session",
      "Tag",
      "User"
    ],
    "PublishToRegistryResult": [
      "AppArchivedError",
      "ForbiddenError",
      "InvalidInputError",
      "InvalidVersionTransitionError",
      "NotFoundError",
      "PublishToRegistrySuccess"
    ],
    "RefreshResult": [
      "InvalidCredentialsError",
      "RefreshSuccess"
    ],
    "RegisterResult": [
      "InvalidInputError",
      "RateLimitedError",
      "RegisterSuccess"
    ],
    "ReleaseProjectResult": [
      "ForbiddenError",
      "InvalidInputError",
      "NotFoundError",
      "ReleaseProjectSuccess"
    ],
    "ReplyToReviewResult": [
      "ForbiddenError",
      "InvalidInputError",
      "NotFoundError",
      "ReplyToReviewSuccess"
    ],
    "RequestPasswordResetResult": [
      "InvalidInputError",
      "RateLimitedError",
      "RequestPasswordResetAccepted"
    ],
    "ResetPasswordResult": [
      "InvalidCredentialsError",
      "InvalidInputError",
      "ResetPasswordSuccess"
    ],
    "ReviewAppResult": [
      "ForbiddenError",
      "InvalidInputError",
      "NotFoundError",
      "RateLimitedError",
      "ReviewAppSuccess"
    ],
    "RevokeApiKeyResult": [
      "NotFoundError",
      "RevokeApiKeySuccess"
    ],
    "RevokeSessionResult": [
      "NotFoundError",
      "RevokeSessionSuccess"
    ],
    "RunAppResult": [
      "AppArchivedError",
      "BackendUnavailableError",
      "CircuitLimitExceededError",
      "CircuitTooLargeError",
      "EmailNotVerifiedError",
      "InvalidAppInputsError",
      "InvalidCircuitError",
      "InvalidInputError",
      "NotEntitledError",
      "NotFoundError",
      "QuotaExceededError",
      "RateLimitedError",
      "ShotsOutOfRangeError",
      "SubmitJobSuccess",
      "UnknownBackendError",
      "UnsupportedCircuitError"
    ],
    "SetBackendStatusResult": [
      "InvalidInputError",
      "NotFoundError",
      "SetBackendStatusSuccess"
    ],
    "SetUserRolesResult": [
      "InvalidInputError",
      "NotFoundError",
      "SetUserRolesSuccess"
    ],
    "SubmitJobResult": [
      "BackendUnavailableError",
      "CircuitLimitExceededError",
      "CircuitTooLargeError",
      "EmailNotVerifiedError",
      "InvalidCircuitError",
      "InvalidInputError",
      "QuotaExceededError",
      "RateLimitedError",
      "ShotsOutOfRangeError",
      "SubmitJobSuccess",
      "UnknownBackendError",
      "UnsupportedCircuitError"
    ],
    "SubmitJobsResult": [
      "EmailNotVerifiedError",
      "InvalidInputError",
      "QuotaExceededError",
      "RateLimitedError",
      "SubmitJobsRejected",
      "SubmitJobsSuccess"
    ],
    "SyncBackendsResult": [
      "ProviderUnavailableError",
      "SyncBackendsSuccess"
    ],
    "UpdateAppResult": [
      "ForbiddenError",
      "InvalidInputError",
      "NotFoundError",
      "UpdateAppSuccess"
    ],
    "UpdateAppVersionResult": [
      "AppVersionImmutableError",
      "CircuitLimitExceededError",
      "ForbiddenError",
      "InvalidCircuitError",
      "InvalidInputError",
      "NotFoundError",
      "RateLimitedError",
      "UpdateAppVersionSuccess"
    ],
    "UpdateProfileResult": [
      "InvalidInputError",
      "UpdateProfileSuccess"
    ],
    "UpdateProjectResult": [
      "InvalidInputError",
      "NotFoundError",
      "UpdateProjectSuccess"
    ],
    "VerifyEmailResult": [
      "InvalidCredentialsError",
      "VerifyEmailSuccess"
    ]
  }
};
      export default result;
    
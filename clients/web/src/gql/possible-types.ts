
      export type PossibleTypesResultData = {
  "possibleTypes": {
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
      "ForbiddenError",
      "InvalidInputError",
      "RateLimitedError"
    ],
    "Error": [
      "BackendUnavailableError",
      "CircuitLimitExceededError",
      "CircuitTooLargeError",
      "ForbiddenError",
      "InvalidCircuitError",
      "InvalidCredentialsError",
      "InvalidInputError",
      "JobNotCancellableError",
      "NotFoundError",
      "ProviderUnavailableError",
      "QuotaExceededError",
      "RateLimitedError",
      "ShotsOutOfRangeError",
      "ThrottledError",
      "UnknownBackendError",
      "UnsupportedCircuitError"
    ],
    "LoginResult": [
      "InvalidCredentialsError",
      "LoginSuccess",
      "ThrottledError"
    ],
    "Node": [
      "ApiKey",
      "Backend",
      "Job",
      "Session",
      "User"
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
    "RevokeApiKeyResult": [
      "NotFoundError",
      "RevokeApiKeySuccess"
    ],
    "RevokeSessionResult": [
      "NotFoundError",
      "RevokeSessionSuccess"
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
    "UpdateProfileResult": [
      "InvalidInputError",
      "UpdateProfileSuccess"
    ],
    "VerifyEmailResult": [
      "InvalidCredentialsError",
      "VerifyEmailSuccess"
    ]
  }
};
      const result: PossibleTypesResultData = {
  "possibleTypes": {
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
      "ForbiddenError",
      "InvalidInputError",
      "RateLimitedError"
    ],
    "Error": [
      "BackendUnavailableError",
      "CircuitLimitExceededError",
      "CircuitTooLargeError",
      "ForbiddenError",
      "InvalidCircuitError",
      "InvalidCredentialsError",
      "InvalidInputError",
      "JobNotCancellableError",
      "NotFoundError",
      "ProviderUnavailableError",
      "QuotaExceededError",
      "RateLimitedError",
      "ShotsOutOfRangeError",
      "ThrottledError",
      "UnknownBackendError",
      "UnsupportedCircuitError"
    ],
    "LoginResult": [
      "InvalidCredentialsError",
      "LoginSuccess",
      "ThrottledError"
    ],
    "Node": [
      "ApiKey",
      "Backend",
      "Job",
      "Session",
      "User"
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
    "RevokeApiKeyResult": [
      "NotFoundError",
      "RevokeApiKeySuccess"
    ],
    "RevokeSessionResult": [
      "NotFoundError",
      "RevokeSessionSuccess"
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
    "UpdateProfileResult": [
      "InvalidInputError",
      "UpdateProfileSuccess"
    ],
    "VerifyEmailResult": [
      "InvalidCredentialsError",
      "VerifyEmailSuccess"
    ]
  }
};
      export default result;
    
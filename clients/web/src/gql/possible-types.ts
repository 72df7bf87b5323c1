
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
    "CancelSubscriptionResult": [
      "NotFoundError",
      "RateLimitedError",
      "SubscriptionNotCancellableError",
      "SubscriptionSuccess"
    ],
    "ChangePasswordResult": [
      "ChangePasswordSuccess",
      "InvalidCredentialsError",
      "InvalidInputError",
      "ThrottledError"
    ],
    "ConnectIbmAccountResult": [
      "ConnectIbmAccountSuccess",
      "InvalidCredentialsError",
      "InvalidInputError",
      "ProviderUnavailableError",
      "RateLimitedError"
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
    "CreateSubscriptionKeyResult": [
      "CreateSubscriptionKeySuccess",
      "InvalidInputError",
      "NotFoundError",
      "RateLimitedError"
    ],
    "DeleteProjectResult": [
      "DeleteProjectSuccess",
      "NotFoundError",
      "ProjectHasPublishedVersionsError"
    ],
    "DisconnectIbmAccountResult": [
      "DisconnectIbmAccountSuccess",
      "NotFoundError",
      "RateLimitedError"
    ],
    "DownloadAppVersionResult": [
      "DownloadLink",
      "NotFoundError"
    ],
    "DownloadInvoiceResult": [
      "BillStatusError",
      "InvoiceLink",
      "NotFoundError"
    ],
    "EnableDeveloperAccountResult": [
      "EnableDeveloperAccountSuccess",
      "InvalidInputError",
      "RateLimitedError"
    ],
    "Error": [
      "AlreadySubscribedError",
      "AppArchivedError",
      "AppVersionImmutableError",
      "BackendUnavailableError",
      "BillStatusError",
      "CircuitLimitExceededError",
      "CircuitTooLargeError",
      "EmailNotVerifiedError",
      "ForbiddenError",
      "InvalidAppInputsError",
      "InvalidCircuitError",
      "InvalidCredentialsError",
      "InvalidInputError",
      "InvalidSubscriptionKeyError",
      "InvalidVersionTransitionError",
      "JobNotCancellableError",
      "ListingNotPurchasableError",
      "NotEntitledError",
      "NotFoundError",
      "ProjectHasPublishedVersionsError",
      "ProviderUnavailableError",
      "QuotaExceededError",
      "RateLimitedError",
      "ShotsOutOfRangeError",
      "SpendingLimitExceededError",
      "SubscriptionCapReachedError",
      "SubscriptionNotCancellableError",
      "ThrottledError",
      "TrialAlreadyUsedError",
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
    "MarkAllNotificationsReadResult": [
      "InvalidInputError",
      "MarkAllNotificationsReadSuccess"
    ],
    "MarkBillPaidResult": [
      "BillStatusError",
      "ForbiddenError",
      "MarkBillPaidSuccess",
      "NotFoundError"
    ],
    "MarkNotificationReadResult": [
      "MarkNotificationReadSuccess",
      "NotFoundError"
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
      "Bill",
      "ExperimentRun",
      "Job",
      "MarketplaceListing",
      "Notification",
      "PlanSubscription",
      "Project",
      "QuantumApp",
      "RegistryEntry",
      "Review",
      "Session",
      "SubscriptionKey",
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
    "RevenueResult": [
      "AppRevenue",
      "InvalidInputError",
      "NotFoundError"
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
    "RevokeSubscriptionKeyResult": [
      "NotFoundError",
      "RateLimitedError",
      "RevokeSubscriptionKeySuccess"
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
      "InvalidSubscriptionKeyError",
      "NotEntitledError",
      "NotFoundError",
      "QuotaExceededError",
      "RateLimitedError",
      "ShotsOutOfRangeError",
      "SpendingLimitExceededError",
      "SubmitJobSuccess",
      "SubscriptionCapReachedError",
      "UnknownBackendError",
      "UnsupportedCircuitError"
    ],
    "RunExperimentResult": [
      "BackendUnavailableError",
      "CircuitLimitExceededError",
      "CircuitTooLargeError",
      "EmailNotVerifiedError",
      "InvalidCircuitError",
      "InvalidInputError",
      "QuotaExceededError",
      "RateLimitedError",
      "RunExperimentSuccess",
      "ShotsOutOfRangeError",
      "SpendingLimitExceededError",
      "SubscriptionCapReachedError",
      "UnknownBackendError",
      "UnsupportedCircuitError"
    ],
    "SetBackendStatusResult": [
      "InvalidInputError",
      "NotFoundError",
      "SetBackendStatusSuccess"
    ],
    "SetControlProfileResult": [
      "InvalidInputError",
      "SetControlProfileSuccess"
    ],
    "SetNotificationPreferenceResult": [
      "InvalidInputError",
      "SetNotificationPreferenceSuccess"
    ],
    "SetSpendingLimitResult": [
      "ForbiddenError",
      "InvalidInputError",
      "NotFoundError",
      "RateLimitedError",
      "SetSpendingLimitSuccess"
    ],
    "SetUserRolesResult": [
      "InvalidInputError",
      "NotFoundError",
      "SetUserRolesSuccess"
    ],
    "StartTrialResult": [
      "AlreadySubscribedError",
      "ListingNotPurchasableError",
      "NotFoundError",
      "RateLimitedError",
      "SubscriptionSuccess",
      "TrialAlreadyUsedError"
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
      "SpendingLimitExceededError",
      "SubmitJobSuccess",
      "UnknownBackendError",
      "UnsupportedCircuitError"
    ],
    "SubmitJobsResult": [
      "EmailNotVerifiedError",
      "InvalidInputError",
      "QuotaExceededError",
      "RateLimitedError",
      "SpendingLimitExceededError",
      "SubmitJobsRejected",
      "SubmitJobsSuccess"
    ],
    "SubscribeResult": [
      "AlreadySubscribedError",
      "ListingNotPurchasableError",
      "NotFoundError",
      "RateLimitedError",
      "SubscriptionSuccess"
    ],
    "SyncBackendsResult": [
      "ProviderUnavailableError",
      "SyncBackendsSuccess"
    ],
    "SyncIbmJobsResult": [
      "InvalidCredentialsError",
      "NotFoundError",
      "ProviderUnavailableError",
      "RateLimitedError",
      "SyncIbmJobsSuccess"
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
    "CancelSubscriptionResult": [
      "NotFoundError",
      "RateLimitedError",
      "SubscriptionNotCancellableError",
      "SubscriptionSuccess"
    ],
    "ChangePasswordResult": [
      "ChangePasswordSuccess",
      "InvalidCredentialsError",
      "InvalidInputError",
      "ThrottledError"
    ],
    "ConnectIbmAccountResult": [
      "ConnectIbmAccountSuccess",
      "InvalidCredentialsError",
      "InvalidInputError",
      "ProviderUnavailableError",
      "RateLimitedError"
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
    "CreateSubscriptionKeyResult": [
      "CreateSubscriptionKeySuccess",
      "InvalidInputError",
      "NotFoundError",
      "RateLimitedError"
    ],
    "DeleteProjectResult": [
      "DeleteProjectSuccess",
      "NotFoundError",
      "ProjectHasPublishedVersionsError"
    ],
    "DisconnectIbmAccountResult": [
      "DisconnectIbmAccountSuccess",
      "NotFoundError",
      "RateLimitedError"
    ],
    "DownloadAppVersionResult": [
      "DownloadLink",
      "NotFoundError"
    ],
    "DownloadInvoiceResult": [
      "BillStatusError",
      "InvoiceLink",
      "NotFoundError"
    ],
    "EnableDeveloperAccountResult": [
      "EnableDeveloperAccountSuccess",
      "InvalidInputError",
      "RateLimitedError"
    ],
    "Error": [
      "AlreadySubscribedError",
      "AppArchivedError",
      "AppVersionImmutableError",
      "BackendUnavailableError",
      "BillStatusError",
      "CircuitLimitExceededError",
      "CircuitTooLargeError",
      "EmailNotVerifiedError",
      "ForbiddenError",
      "InvalidAppInputsError",
      "InvalidCircuitError",
      "InvalidCredentialsError",
      "InvalidInputError",
      "InvalidSubscriptionKeyError",
      "InvalidVersionTransitionError",
      "JobNotCancellableError",
      "ListingNotPurchasableError",
      "NotEntitledError",
      "NotFoundError",
      "ProjectHasPublishedVersionsError",
      "ProviderUnavailableError",
      "QuotaExceededError",
      "RateLimitedError",
      "ShotsOutOfRangeError",
      "SpendingLimitExceededError",
      "SubscriptionCapReachedError",
      "SubscriptionNotCancellableError",
      "ThrottledError",
      "TrialAlreadyUsedError",
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
    "MarkAllNotificationsReadResult": [
      "InvalidInputError",
      "MarkAllNotificationsReadSuccess"
    ],
    "MarkBillPaidResult": [
      "BillStatusError",
      "ForbiddenError",
      "MarkBillPaidSuccess",
      "NotFoundError"
    ],
    "MarkNotificationReadResult": [
      "MarkNotificationReadSuccess",
      "NotFoundError"
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
      "Bill",
      "ExperimentRun",
      "Job",
      "MarketplaceListing",
      "Notification",
      "PlanSubscription",
      "Project",
      "QuantumApp",
      "RegistryEntry",
      "Review",
      "Session",
      "SubscriptionKey",
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
    "RevenueResult": [
      "AppRevenue",
      "InvalidInputError",
      "NotFoundError"
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
    "RevokeSubscriptionKeyResult": [
      "NotFoundError",
      "RateLimitedError",
      "RevokeSubscriptionKeySuccess"
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
      "InvalidSubscriptionKeyError",
      "NotEntitledError",
      "NotFoundError",
      "QuotaExceededError",
      "RateLimitedError",
      "ShotsOutOfRangeError",
      "SpendingLimitExceededError",
      "SubmitJobSuccess",
      "SubscriptionCapReachedError",
      "UnknownBackendError",
      "UnsupportedCircuitError"
    ],
    "RunExperimentResult": [
      "BackendUnavailableError",
      "CircuitLimitExceededError",
      "CircuitTooLargeError",
      "EmailNotVerifiedError",
      "InvalidCircuitError",
      "InvalidInputError",
      "QuotaExceededError",
      "RateLimitedError",
      "RunExperimentSuccess",
      "ShotsOutOfRangeError",
      "SpendingLimitExceededError",
      "SubscriptionCapReachedError",
      "UnknownBackendError",
      "UnsupportedCircuitError"
    ],
    "SetBackendStatusResult": [
      "InvalidInputError",
      "NotFoundError",
      "SetBackendStatusSuccess"
    ],
    "SetControlProfileResult": [
      "InvalidInputError",
      "SetControlProfileSuccess"
    ],
    "SetNotificationPreferenceResult": [
      "InvalidInputError",
      "SetNotificationPreferenceSuccess"
    ],
    "SetSpendingLimitResult": [
      "ForbiddenError",
      "InvalidInputError",
      "NotFoundError",
      "RateLimitedError",
      "SetSpendingLimitSuccess"
    ],
    "SetUserRolesResult": [
      "InvalidInputError",
      "NotFoundError",
      "SetUserRolesSuccess"
    ],
    "StartTrialResult": [
      "AlreadySubscribedError",
      "ListingNotPurchasableError",
      "NotFoundError",
      "RateLimitedError",
      "SubscriptionSuccess",
      "TrialAlreadyUsedError"
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
      "SpendingLimitExceededError",
      "SubmitJobSuccess",
      "UnknownBackendError",
      "UnsupportedCircuitError"
    ],
    "SubmitJobsResult": [
      "EmailNotVerifiedError",
      "InvalidInputError",
      "QuotaExceededError",
      "RateLimitedError",
      "SpendingLimitExceededError",
      "SubmitJobsRejected",
      "SubmitJobsSuccess"
    ],
    "SubscribeResult": [
      "AlreadySubscribedError",
      "ListingNotPurchasableError",
      "NotFoundError",
      "RateLimitedError",
      "SubscriptionSuccess"
    ],
    "SyncBackendsResult": [
      "ProviderUnavailableError",
      "SyncBackendsSuccess"
    ],
    "SyncIbmJobsResult": [
      "InvalidCredentialsError",
      "NotFoundError",
      "ProviderUnavailableError",
      "RateLimitedError",
      "SyncIbmJobsSuccess"
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
    
"""Who may use each field: the table the authorization matrix test holds the schema to.

Every root field (Query, Mutation, Subscription) and every field of every object type must be
covered, by a field entry or by its type's entry; the test fails for a field without one, so a
new field cannot ship without a decision. Enforcement lives on the fields (permission classes,
which read `SCOPES` here) and in the resolvers (ownership); the test checks that what runs
matches this table, for each persona and for API keys with each single scope.
"""

from __future__ import annotations

from enum import StrEnum

from domain.identity.principal import Scope


class Access(StrEnum):
    PUBLIC = "public"  # anyone, signed in or not
    VIEWER = "viewer"  # anyone; answers about the caller (null or empty when anonymous)
    AUTHENTICATED = "authenticated"  # any signed-in caller; the answer is about them only
    ADMIN = "admin"  # the ADMIN role (and the `admin` scope for an API key)
    OWNER = "owner"  # reachable only by the object's owner, or an admin
    # A developer's (the DEVELOPER role, or ADMIN): a session's roles grant the scope; a key
    # must hold it too. Consumers are refused.
    DEVELOPER = "developer"


ROOT_FIELDS: dict[str, Access] = {
    "Query.node": Access.VIEWER,  # each type's resolve_nodes applies its own rule
    "Query.nodes": Access.VIEWER,
    "Query.backends": Access.PUBLIC,
    "Query.backend": Access.PUBLIC,
    "Query.backendStats": Access.PUBLIC,
    "Mutation.syncBackends": Access.ADMIN,
    "Mutation.setBackendStatus": Access.ADMIN,
    "Query.providers": Access.ADMIN,
    "Subscription.backendStatusChanged": Access.PUBLIC,
    "Subscription.appUpdated": Access.PUBLIC,  # an app the viewer may not read: no events
    "Subscription.jobUpdated": Access.VIEWER,  # a job not yours reads as not found
    "Subscription.jobUpdates": Access.AUTHENTICATED,
    "Subscription.queueUpdated": Access.AUTHENTICATED,
    "Query.me": Access.VIEWER,
    "Mutation.register": Access.PUBLIC,
    "Mutation.verifyEmail": Access.PUBLIC,
    "Mutation.requestPasswordReset": Access.PUBLIC,
    "Mutation.resetPassword": Access.PUBLIC,
    "Mutation.login": Access.PUBLIC,
    "Mutation.refresh": Access.PUBLIC,
    "Mutation.resendVerificationEmail": Access.AUTHENTICATED,
    "Mutation.changePassword": Access.AUTHENTICATED,
    "Mutation.updateProfile": Access.AUTHENTICATED,
    "Mutation.logout": Access.AUTHENTICATED,
    "Mutation.logoutAll": Access.AUTHENTICATED,
    "Mutation.revokeSession": Access.AUTHENTICATED,
    "Query.myUsage": Access.AUTHENTICATED,
    "Query.users": Access.ADMIN,
    "Query.user": Access.ADMIN,
    "Mutation.setUserRoles": Access.ADMIN,
    "Query.myApiKeys": Access.AUTHENTICATED,
    "Mutation.createApiKey": Access.AUTHENTICATED,
    "Mutation.revokeApiKey": Access.AUTHENTICATED,
    # Jobs: your own (admins: all). Queues: counts and estimates only, never job details.
    "Query.job": Access.AUTHENTICATED,
    "Query.jobs": Access.AUTHENTICATED,
    "Query.recentJobs": Access.AUTHENTICATED,
    "Query.jobStats": Access.AUTHENTICATED,
    "Query.jobTrends": Access.AUTHENTICATED,
    "Query.queues": Access.AUTHENTICATED,
    "Query.queue": Access.AUTHENTICATED,
    "Query.queueSummary": Access.AUTHENTICATED,
    "Query.longestWait": Access.AUTHENTICATED,
    "Query.shortestWait": Access.AUTHENTICATED,
    "Mutation.submitJob": Access.AUTHENTICATED,
    "Mutation.submitJobs": Access.AUTHENTICATED,
    "Mutation.cancelJob": Access.AUTHENTICATED,
    # Apps: anyone reads public apps (null for the rest); developers make and change their own,
    # admins moderate (archive apps, deprecate or yank versions).
    "Mutation.enableDeveloperAccount": Access.AUTHENTICATED,
    # Null unless visible (domain.apps.access); null for a key without `apps:read`.
    "Query.app": Access.VIEWER,
    "Query.myProjects": Access.AUTHENTICATED,
    "Query.myApps": Access.AUTHENTICATED,
    "Mutation.createProject": Access.DEVELOPER,
    "Mutation.updateProject": Access.DEVELOPER,
    "Mutation.deleteProject": Access.DEVELOPER,
    "Mutation.releaseProject": Access.DEVELOPER,
    "Mutation.updateApp": Access.DEVELOPER,
    "Mutation.archiveApp": Access.DEVELOPER,
    "Mutation.createAppVersion": Access.DEVELOPER,
    "Mutation.updateAppVersion": Access.DEVELOPER,
    "Mutation.publishAppVersion": Access.DEVELOPER,
    "Mutation.deprecateAppVersion": Access.DEVELOPER,
    "Mutation.yankAppVersion": Access.DEVELOPER,
    # Distribution: anyone searches and downloads what they may read (a key without
    # `apps:read` finds nothing); developers publish their own; runApp submits a job.
    "Query.marketplace": Access.VIEWER,
    "Query.registry": Access.VIEWER,
    "Mutation.downloadAppVersion": Access.VIEWER,
    "Mutation.publishToRegistry": Access.DEVELOPER,
    "Mutation.publishToMarketplace": Access.DEVELOPER,
    "Mutation.updateMarketplaceListing": Access.DEVELOPER,
    "Mutation.delistMarketplaceListing": Access.DEVELOPER,
    "Mutation.runApp": Access.AUTHENTICATED,
    # Reviews: whoever ran an app reviews it; its owner replies once; admins hide.
    "Mutation.reviewApp": Access.AUTHENTICATED,
    "Mutation.replyToReview": Access.DEVELOPER,
    "Mutation.hideReview": Access.ADMIN,
    # Bills: your own (admins: any, and every user's through `bills`); admins mark them paid.
    "Query.myBills": Access.AUTHENTICATED,
    "Query.bill": Access.AUTHENTICATED,
    "Query.bills": Access.ADMIN,
    "Mutation.markBillPaid": Access.ADMIN,
    "Mutation.downloadInvoice": Access.AUTHENTICATED,
    # Connected provider accounts: your own only.
    "Mutation.connectIbmAccount": Access.AUTHENTICATED,
    "Mutation.disconnectIbmAccount": Access.AUTHENTICATED,
    "Mutation.syncIbmJobs": Access.AUTHENTICATED,
    # Money (domain.billing): your own plans, keys and limits; an app's revenue is its owner's
    # (others read NotFound); admins set a user's spending ceiling.
    "Query.mySubscriptions": Access.AUTHENTICATED,
    "Query.revenue": Access.AUTHENTICATED,
    "Mutation.startTrial": Access.AUTHENTICATED,
    "Mutation.subscribe": Access.AUTHENTICATED,
    "Mutation.cancelSubscription": Access.AUTHENTICATED,
    "Mutation.createSubscriptionKey": Access.AUTHENTICATED,
    "Mutation.revokeSubscriptionKey": Access.AUTHENTICATED,
    "Mutation.setSpendingLimit": Access.AUTHENTICATED,
    "Mutation.setUserSpendingLimit": Access.ADMIN,
    # Notifications: always the caller's own (admins too); another's reads as not found.
    "Query.notifications": Access.AUTHENTICATED,
    "Query.notificationPreferences": Access.AUTHENTICATED,
    "Mutation.markNotificationRead": Access.AUTHENTICATED,
    "Mutation.markAllNotificationsRead": Access.AUTHENTICATED,
    "Mutation.setNotificationPreference": Access.AUTHENTICATED,
    "Subscription.notificationAdded": Access.AUTHENTICATED,
    # Experiments: your own runs (admins: all); the control profile is read by any signed-in
    # user (its thresholds judge their runs) and set by admins.
    "Mutation.runExperiment": Access.AUTHENTICATED,
    "Query.experimentRuns": Access.AUTHENTICATED,
    "Subscription.experimentUpdated": Access.VIEWER,  # a run not yours ends the stream
    "Query.controlProfile": Access.AUTHENTICATED,
    "Mutation.setControlProfile": Access.ADMIN,
    # Analytics: your own jobs (admins: everyone's); system status and the dashboard signed-in.
    "Query.analytics": Access.AUTHENTICATED,
    "Query.systemStatus": Access.AUTHENTICATED,
    "Query.dashboard": Access.AUTHENTICATED,
    "Subscription.dashboardUpdated": Access.AUTHENTICATED,
}

# The scope each signed-in root field needs, on top of its Access rule. A session holds every
# scope its roles allow; an API key only those it was given. `IsAuthenticated` enforces this, and
# refuses an API key on a field missing here (so a new field is closed to keys until decided).
SCOPES: dict[str, Scope] = {
    # The account itself: a session, or a key given the `account` scope.
    "Mutation.resendVerificationEmail": Scope.ACCOUNT,
    "Mutation.changePassword": Scope.ACCOUNT,
    "Mutation.updateProfile": Scope.ACCOUNT,
    "Mutation.logout": Scope.ACCOUNT,
    "Mutation.logoutAll": Scope.ACCOUNT,
    "Mutation.revokeSession": Scope.ACCOUNT,
    "Query.myApiKeys": Scope.ACCOUNT,
    "Mutation.createApiKey": Scope.ACCOUNT,
    "Mutation.revokeApiKey": Scope.ACCOUNT,
    "Query.myUsage": Scope.BILLING_READ,
    "Query.job": Scope.JOBS_READ,
    "Query.jobs": Scope.JOBS_READ,
    "Query.recentJobs": Scope.JOBS_READ,
    "Query.jobStats": Scope.JOBS_READ,
    "Query.jobTrends": Scope.JOBS_READ,
    "Query.queues": Scope.JOBS_READ,
    "Query.queue": Scope.JOBS_READ,
    "Query.queueSummary": Scope.JOBS_READ,
    "Query.longestWait": Scope.JOBS_READ,
    "Query.shortestWait": Scope.JOBS_READ,
    "Subscription.jobUpdated": Scope.JOBS_READ,
    "Subscription.jobUpdates": Scope.JOBS_READ,
    "Subscription.queueUpdated": Scope.JOBS_READ,
    "Mutation.submitJob": Scope.JOBS_WRITE,
    "Mutation.submitJobs": Scope.JOBS_WRITE,
    "Mutation.cancelJob": Scope.JOBS_WRITE,
    "Mutation.enableDeveloperAccount": Scope.ACCOUNT,
    "Query.myProjects": Scope.APPS_READ,
    "Query.myApps": Scope.APPS_READ,
    "Mutation.createProject": Scope.APPS_WRITE,
    "Mutation.updateProject": Scope.APPS_WRITE,
    "Mutation.deleteProject": Scope.APPS_WRITE,
    "Mutation.releaseProject": Scope.APPS_WRITE,
    "Mutation.updateApp": Scope.APPS_WRITE,
    "Mutation.archiveApp": Scope.APPS_WRITE,
    "Mutation.createAppVersion": Scope.APPS_WRITE,
    "Mutation.updateAppVersion": Scope.APPS_WRITE,
    "Mutation.publishAppVersion": Scope.APPS_WRITE,
    "Mutation.deprecateAppVersion": Scope.APPS_WRITE,
    "Mutation.yankAppVersion": Scope.APPS_WRITE,
    "Mutation.publishToRegistry": Scope.APPS_WRITE,
    "Mutation.publishToMarketplace": Scope.APPS_WRITE,
    "Mutation.updateMarketplaceListing": Scope.APPS_WRITE,
    "Mutation.delistMarketplaceListing": Scope.APPS_WRITE,
    # runApp submits a job: the same scope as submitJob.
    "Mutation.runApp": Scope.JOBS_WRITE,
    "Mutation.reviewApp": Scope.APPS_READ,
    "Mutation.replyToReview": Scope.APPS_WRITE,
    # Money: reading is `billing:read`; buying, keys and limits are the account's.
    "Query.mySubscriptions": Scope.BILLING_READ,
    "Query.revenue": Scope.APPS_READ,
    "Mutation.startTrial": Scope.ACCOUNT,
    "Mutation.subscribe": Scope.ACCOUNT,
    "Mutation.cancelSubscription": Scope.ACCOUNT,
    "Mutation.createSubscriptionKey": Scope.ACCOUNT,
    "Mutation.revokeSubscriptionKey": Scope.ACCOUNT,
    "Mutation.setSpendingLimit": Scope.ACCOUNT,
    "Mutation.setUserSpendingLimit": Scope.ADMIN,
    "Query.analytics": Scope.JOBS_READ,
    "Query.systemStatus": Scope.JOBS_READ,
    "Query.dashboard": Scope.JOBS_READ,
    "Subscription.dashboardUpdated": Scope.JOBS_READ,
    # Admin fields also need the ADMIN role (`IsAdmin`).
    "Query.users": Scope.ADMIN,
    "Query.user": Scope.ADMIN,
    "Mutation.setUserRoles": Scope.ADMIN,
    "Mutation.syncBackends": Scope.ADMIN,
    "Mutation.setBackendStatus": Scope.ADMIN,
    "Query.providers": Scope.ADMIN,
    "Mutation.hideReview": Scope.ADMIN,
    "Query.myBills": Scope.BILLING_READ,
    "Query.bill": Scope.BILLING_READ,
    "Mutation.downloadInvoice": Scope.BILLING_READ,
    "Query.bills": Scope.ADMIN,
    "Mutation.markBillPaid": Scope.ADMIN,
    "Mutation.connectIbmAccount": Scope.ACCOUNT,
    "Mutation.disconnectIbmAccount": Scope.ACCOUNT,
    "Mutation.syncIbmJobs": Scope.JOBS_WRITE,
    # Notifications are about the account as a whole (jobs, money, apps): the `account` scope.
    "Query.notifications": Scope.ACCOUNT,
    "Query.notificationPreferences": Scope.ACCOUNT,
    "Mutation.markNotificationRead": Scope.ACCOUNT,
    "Mutation.markAllNotificationsRead": Scope.ACCOUNT,
    "Mutation.setNotificationPreference": Scope.ACCOUNT,
    "Subscription.notificationAdded": Scope.ACCOUNT,
    "Mutation.runExperiment": Scope.JOBS_WRITE,
    "Query.controlProfile": Scope.JOBS_READ,
    "Query.experimentRuns": Scope.JOBS_READ,
    "Subscription.experimentUpdated": Scope.JOBS_READ,
    "Mutation.setControlProfile": Scope.ADMIN,
}

# Types whose every field shares one rule. Public catalog data, and plumbing.
TYPES: dict[str, Access] = {
    "Backend": Access.PUBLIC,
    "BackendCalibration": Access.PUBLIC,
    "BackendPricing": Access.PUBLIC,
    "BackendStats": Access.PUBLIC,
    "CountBy": Access.PUBLIC,
    "CouplingEdge": Access.PUBLIC,
    "DeviceCalibrationStats": Access.PUBLIC,
    "GateCalibration": Access.PUBLIC,
    "QubitCalibration": Access.PUBLIC,
    "BackendCapability": Access.PUBLIC,
    "ProviderSummary": Access.ADMIN,  # reached only through the admin's `providers`
    "PageInfo": Access.PUBLIC,
    "SyncBackendsSuccess": Access.ADMIN,
    "SetBackendStatusSuccess": Access.ADMIN,
    "User": Access.OWNER,
    "UserProfile": Access.AUTHENTICATED,  # reached only through a User you may see
    "ProfileLink": Access.AUTHENTICATED,
    "Session": Access.OWNER,
    "RegisterSuccess": Access.PUBLIC,
    "VerifyEmailSuccess": Access.PUBLIC,
    "RequestPasswordResetAccepted": Access.PUBLIC,
    "ResetPasswordSuccess": Access.PUBLIC,
    "LoginSuccess": Access.PUBLIC,
    "RefreshSuccess": Access.PUBLIC,
    "ChangePasswordSuccess": Access.AUTHENTICATED,
    "UpdateProfileSuccess": Access.AUTHENTICATED,
    "RevokeSessionSuccess": Access.AUTHENTICATED,
    "ShotUsage": Access.AUTHENTICATED,
    "SetUserRolesSuccess": Access.ADMIN,
    "ApiKey": Access.OWNER,
    "CreateApiKeySuccess": Access.AUTHENTICATED,
    "RevokeApiKeySuccess": Access.AUTHENTICATED,
    "Job": Access.OWNER,
    # Reached only through a Job you may see, or your own aggregates.
    "JobCircuit": Access.AUTHENTICATED,
    "BitstringCount": Access.AUTHENTICATED,
    "JobResult": Access.AUTHENTICATED,
    "JobError": Access.AUTHENTICATED,
    "Money": Access.AUTHENTICATED,
    "JobStatusChange": Access.AUTHENTICATED,
    "JobKpis": Access.AUTHENTICATED,
    "JobStats": Access.AUTHENTICATED,
    "JobStatusCount": Access.AUTHENTICATED,
    "JobTrendDay": Access.AUTHENTICATED,
    "BackendQueue": Access.AUTHENTICATED,
    "QueueSummary": Access.AUTHENTICATED,
    "SubmitJobSuccess": Access.AUTHENTICATED,
    "SubmitJobsSuccess": Access.AUTHENTICATED,
    "SubmitJobsRejected": Access.AUTHENTICATED,
    "IndexedError": Access.AUTHENTICATED,
    "CancelJobSuccess": Access.AUTHENTICATED,
    # Apps. A Project is its owner's. An app or version is read through domain.apps.access:
    # public apps and their non-draft versions by anyone, unlisted or archived apps and drafts
    # by the owner and admins only (others read null); `QuantumApp.project` is the owner's.
    "Project": Access.OWNER,
    "QuantumApp": Access.PUBLIC,
    "AppVersion": Access.PUBLIC,
    "AppVersionEstimates": Access.PUBLIC,
    "BackendCostEstimate": Access.PUBLIC,
    "Tag": Access.PUBLIC,
    "EnableDeveloperAccountSuccess": Access.AUTHENTICATED,
    "CreateProjectSuccess": Access.DEVELOPER,
    "UpdateProjectSuccess": Access.DEVELOPER,
    "DeleteProjectSuccess": Access.DEVELOPER,
    "ReleaseProjectSuccess": Access.DEVELOPER,
    "UpdateAppSuccess": Access.DEVELOPER,
    "ArchiveAppSuccess": Access.DEVELOPER,
    "CreateAppVersionSuccess": Access.DEVELOPER,
    "UpdateAppVersionSuccess": Access.DEVELOPER,
    "AppVersionStatusChanged": Access.DEVELOPER,
    # Distribution: entries and LISTED listings of readable apps are public; a DRAFT listing
    # reads as null for others (domain.apps.marketplace.may_read).
    "RegistryEntry": Access.PUBLIC,
    "MarketplaceListing": Access.PUBLIC,
    "DownloadLink": Access.PUBLIC,
    "AppInputProblem": Access.PUBLIC,
    "PublishToRegistrySuccess": Access.DEVELOPER,
    "MarketplaceListingChanged": Access.DEVELOPER,
    # Reviews read with their app; a hidden one reads as null for all but its author and
    # admins (domain.apps.reviews.may_read). The rating is public; metrics are the owner's.
    "Review": Access.PUBLIC,
    "RatingSummary": Access.PUBLIC,
    "RatingBucket": Access.PUBLIC,
    # Reached only through `QuantumApp.metrics`, which is the owner's (FIELDS).
    "AppMetrics": Access.AUTHENTICATED,
    "RunsOnDay": Access.AUTHENTICATED,
    "ReviewAppSuccess": Access.AUTHENTICATED,
    "ReplyToReviewSuccess": Access.DEVELOPER,
    "HideReviewSuccess": Access.ADMIN,
    "AppUpdate": Access.PUBLIC,
    # Bills are their owner's (and admins'); the rest is reached only through one.
    "Bill": Access.OWNER,
    "BillingItem": Access.AUTHENTICATED,
    "InvoiceLink": Access.AUTHENTICATED,
    "MarkBillPaidSuccess": Access.ADMIN,
    # Connected accounts: reached only through a User you may see (`User.connectedAccounts`
    # is empty for anyone but the user and admins).
    "ConnectedAccount": Access.AUTHENTICATED,
    "ConnectIbmAccountSuccess": Access.AUTHENTICATED,
    "DisconnectIbmAccountSuccess": Access.AUTHENTICATED,
    "SyncIbmJobsSuccess": Access.AUTHENTICATED,
    # Money: a subscription and its keys are their buyer's (node(id) with `billing:read`).
    "PlanSubscription": Access.OWNER,
    "SubscriptionKey": Access.OWNER,
    "SubscriptionSuccess": Access.AUTHENTICATED,
    "CreateSubscriptionKeySuccess": Access.AUTHENTICATED,
    "RevokeSubscriptionKeySuccess": Access.AUTHENTICATED,
    "SpendingUsage": Access.AUTHENTICATED,
    "SpendingWarning": Access.AUTHENTICATED,
    "SetSpendingLimitSuccess": Access.AUTHENTICATED,
    # Reached through `revenue` (the app's owner) or `AppMetrics` (the owner's already).
    "AppRevenue": Access.AUTHENTICATED,
    # Notifications: only ever their user's (ownership in domain.notifications.inbox).
    "Notification": Access.AUTHENTICATED,  # its user's only: admins neither (not OWNER)
    "NotificationPreference": Access.AUTHENTICATED,
    "MarkNotificationReadSuccess": Access.AUTHENTICATED,
    "MarkAllNotificationsReadSuccess": Access.AUTHENTICATED,
    "SetNotificationPreferenceSuccess": Access.AUTHENTICATED,
    "ExperimentRun": Access.OWNER,
    "ExperimentKpis": Access.AUTHENTICATED,  # reached only through a run you may see
    "RunExperimentSuccess": Access.AUTHENTICATED,
    "ControlProfile": Access.AUTHENTICATED,
    "SetControlProfileSuccess": Access.ADMIN,
    # Analytics: reached only through your own `analytics`, `dashboard` or `systemStatus`.
    "Analytics": Access.AUTHENTICATED,
    "AnalyticsTrendBucket": Access.AUTHENTICATED,
    "BackendUtilizationWeek": Access.AUTHENTICATED,
    "BackendComparison": Access.AUTHENTICATED,
    "PerformancePercentiles": Access.AUTHENTICATED,
    "LatencyFigures": Access.AUTHENTICATED,
    "CostPoint": Access.AUTHENTICATED,
    "UserActivity": Access.AUTHENTICATED,
    "UserActivityEntry": Access.AUTHENTICATED,
    "RegionStats": Access.AUTHENTICATED,
    "BackendKpis": Access.AUTHENTICATED,
    "BackendHealth": Access.AUTHENTICATED,
    "SystemStatus": Access.AUTHENTICATED,
    "ProviderReachability": Access.AUTHENTICATED,
    "Dashboard": Access.AUTHENTICATED,
    "TopBackend": Access.AUTHENTICATED,
}

# Error types are shown to whoever caused them.
ERROR_TYPES_ARE = Access.PUBLIC

# Field-level entries for owned or mixed types ("Type.field"); they override TYPES.
FIELDS: dict[str, Access] = {
    "QuantumApp.project": Access.OWNER,
    "QuantumApp.metrics": Access.OWNER,
    # Figures over everyone's jobs on a backend: signed-in callers (null for anonymous).
    "Backend.kpis": Access.AUTHENTICATED,
}


def scope_for(type_name: str, field_name: str) -> Scope | None:
    """The scope a root field needs, or None when the table names none."""
    return SCOPES.get(f"{type_name}.{field_name}")


def access_for(type_name: str, field_name: str) -> Access | None:
    """The rule for one field, or None when the table has no decision for it."""
    key = f"{type_name}.{field_name}"
    if key in ROOT_FIELDS:
        return ROOT_FIELDS[key]
    if key in FIELDS:
        return FIELDS[key]
    if type_name in TYPES:
        return TYPES[type_name]
    # Connections and edges inherit the rule of what they hold.
    for suffix in ("Connection", "Edge"):
        if type_name.endswith(suffix) and type_name[: -len(suffix)] in TYPES:
            return TYPES[type_name[: -len(suffix)]]
    return None

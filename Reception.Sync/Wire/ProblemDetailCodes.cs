using System.Collections.Frozen;

namespace Reception.Sync.Wire;

/// <summary>
/// What exactly is wrong with a refused request, as the machine knows it: a stable detail code
/// (<see cref="ProblemDetailCodes"/>) and the values its sentence needs. The problem's
/// <see cref="ProblemCodes">code</see> says what kind of refusal it is; REST problem details carry
/// both ("code", "detailCode", "detailArgs") and word their detail as the catalog's
/// <c>problems.{detailCode}</c> in the caller's language.
/// </summary>
public sealed record ProblemDetail(string Code, IReadOnlyDictionary<string, object>? Args = null)
{
    public static ProblemDetail Of(string code, params (string Name, object Value)[] args) =>
        new(code, args.Length == 0 ? null : args.ToDictionary(a => a.Name, a => Reason.Plain(a.Value)));

    public string English => Reason.Fill(ProblemDetailCodes.English[Code],
        Args?.GetValueOrDefault(ProblemDetailCodes.ExpectedArgument) is string kind && ProblemDetailCodes.Expectations.TryGetValue(kind, out var expected)
            ? new Dictionary<string, object>(Args) { [ProblemDetailCodes.ExpectedArgument] = expected }
            : Args);
}

/// <summary>
/// Every problem detail the server words (kebab-case, stable: docs/protocol.md "Problem codes"), with
/// its one English sentence. The catalog words the same codes as <c>problems.{detailCode}</c>, in every
/// language; a test checks that it has them all.
/// </summary>
public static class ProblemDetailCodes
{
    public const string BranchMissing = "branch-missing";
    public const string BranchNul = "branch-nul";
    public const string BranchUnknown = "branch-unknown";
    public const string BranchForbidden = "branch-forbidden";
    public const string BatchEmpty = "batch-empty";
    public const string BatchNullAction = "batch-null-action";
    public const string BatchTooMany = "batch-too-many";
    public const string NoAction = "no-action";
    public const string KioskRegistersOnly = "kiosk-registers-only";
    public const string KioskOtherBranch = "kiosk-other-branch";
    public const string ClientNotYours = "client-not-yours";
    public const string LeaseCount = "lease-count";
    public const string LeaseClientMissing = "lease-client-missing";
    public const string LeaseServiceUnknown = "lease-service-unknown";
    public const string SinceNegative = "since-negative";
    public const string SinceAhead = "since-ahead";
    public const string DashboardForbidden = "dashboard-forbidden";
    public const string ConflictsForbidden = "conflicts-forbidden";
    public const string ReportsForbidden = "reports-forbidden";
    public const string ReportStart = "report-start";
    public const string ReportEnd = "report-end";
    public const string ReportReversed = "report-reversed";
    public const string ReportTooLong = "report-too-long";

    // Answered by the web layer: credentials, paths, bodies, rates, the database.
    public const string NoCredential = "no-credential";
    public const string NotAllowed = "not-allowed";
    public const string NoRole = "no-role";
    public const string WrongCredentials = "wrong-credentials";
    public const string LockedOut = "locked-out";
    public const string LoginDisabled = "login-disabled";
    public const string NoSuchPath = "no-such-path";
    public const string WrongMethod = "wrong-method";
    public const string NotJson = "not-json";
    public const string PushTooLarge = "push-too-large";
    public const string BodyTooLarge = "body-too-large";
    public const string TooManySignIns = "too-many-sign-ins";
    public const string TooManyRequests = "too-many-requests";
    public const string DatabaseBusy = "database-busy";

    // A body or parameter that did not bind ({expected} is one of Expectations' kinds).
    public const string BodyShape = "body-shape";
    public const string BodyNotUnicode = "body-not-unicode";
    public const string BodyNotJson = "body-not-json";
    public const string BodyMissing = "body-missing";
    public const string ParameterType = "parameter-type";
    public const string BodyNotUtf8 = "body-not-utf";

    // A credential refused by the authentication handlers.
    public const string TokenExpired = "token-expired";
    public const string TokenMalformed = "token-malformed";
    public const string TokenInvalid = "token-invalid";
    public const string TokenAccountGone = "token-account-gone";
    public const string TokenLoginDisabled = "token-login-disabled";
    public const string TokenRevoked = "token-revoked";
    public const string ApiKeyInvalid = "api-key-invalid";
    public const string ApiKeyRevoked = "api-key-revoked";
    public const string CredentialRefused = "credential-refused";
    public const string SignInEnded = "sign-in-ended";

    // One entry of a validation problem's errors: what is wrong with one field (errorCodes names it).
    public const string FieldRequired = "field-required";
    public const string FieldTooLong = "field-too-long";
    public const string FieldNul = "field-nul";
    public const string FieldType = "field-type";
    public const string FieldNotUnicode = "field-not-unicode";
    public const string FieldNotJson = "field-not-json";
    public const string TokenRequestInvalid = "token-request-invalid";

    // Over a hub: what a call's arguments must be (ReadableHubProtocol), and the hub's own refusals.
    public const string HubTakesNone = "hub-takes-none";
    public const string HubTakesOne = "hub-takes-one";
    public const string HubTakesMany = "hub-takes-many";
    public const string HubArgumentCount = "hub-argument-count";
    public const string HubArgumentAt = "hub-argument-at";
    public const string HubArgument = "hub-argument";
    public const string HubArgumentNot = "hub-argument-not";
    public const string HubArgumentsMismatch = "hub-arguments-mismatch";
    public const string HubTooManyRequests = "hub-too-many-requests";
    public const string HubDatabaseBusy = "hub-database-busy";
    public const string HubRetry = "hub-retry";
    public const string HubSignIn = "hub-sign-in";
    public const string NotAKiosk = "not-a-kiosk";
    public const string NoDisplayToken = "no-display-token";
    public const string VisitLinkUnknown = "visit-link-unknown";
    public const string NoBranchToManage = "no-branch-to-manage";

    /// <summary>Each detail code's English sentence; <c>{name}</c> is an argument of the detail.</summary>
    public static readonly FrozenDictionary<string, string> English = new Dictionary<string, string>
    {
        [BranchMissing] = "Name the branch by its slug, for example \"demo\".",
        [BranchNul] = "The branch slug contains a NUL character (%00 or \\u0000); a slug is letters, digits and dashes, for example \"demo\".",
        [BranchUnknown] = "There is no branch '{branch}'. Check the branch slug.",
        [BranchForbidden] = "{login} may not use branch '{branch}'. Sign in with a login or key of that branch.",
        [BatchEmpty] = "The batch holds no actions; send at least one in \"actions\".",
        [BatchNullAction] = "The batch holds a null action; every entry of \"actions\" must be an object.",
        [BatchTooMany] = "The batch holds {count} actions; at most {max} are allowed. Split it into smaller batches.",
        [NoAction] = "The request has no action: send {\"branch\": \"demo\", \"action\": { … }}.",
        [KioskRegistersOnly] = "{login} may send only register actions: a kiosk registers visitors and nothing else. Nothing of this push was applied.",
        [KioskOtherBranch] = "This kiosk belongs to another branch; it shows the QR codes of its own visitors only.",
        [ClientNotYours] = "clientId {clientId} belongs to another login or device, so {login} cannot act under it. Each browser or device uses a clientId of its own: make a new one (a new random GUID) and number its actions from 1.",
        [LeaseCount] = "Lease between 1 and {max} tickets at a time.",
        [LeaseClientMissing] = "clientId is missing: a lease belongs to one browser or device.",
        [LeaseServiceUnknown] = "There is no open service {serviceId} at branch '{branch}'.",
        [SinceNegative] = "since must be 0 or a version you hold; it cannot be negative.",
        [SinceAhead] = "since={since} is ahead of branch '{branch}', whose newest version is {newest}. Pull with since=0 to start over from a snapshot.",
        [DashboardForbidden] = "{login} may not see the dashboard: it is for managers.",
        [ConflictsForbidden] = "{login} may not see the conflicts list: it is for managers.",
        [ReportsForbidden] = "{login} may not see reports: they are for managers.",
        [ReportStart] = "The start date “{value}” is not a date: use the date picker, or write it as 2026-12-01.",
        [ReportEnd] = "The end date “{value}” is not a date: use the date picker, or write it as 2026-12-01.",
        [ReportReversed] = "The end date ({to}) is before the start date ({from}): swap them.",
        [ReportTooLong] = "The range is {days} days long; a report covers at most {max} days. Choose a shorter range.",

        [NoCredential] = "This endpoint needs a credential: send \"Authorization: Bearer <token>\" with an access token from POST /api/v1/auth/token, or with your branch's API key.",
        [NotAllowed] = "This credential may not use this endpoint.",
        [NoRole] = "This credential has no Reception role (Desk, Manager, Admin or API client).",
        [WrongCredentials] = "The username or password is not correct.",
        [LockedOut] = "This login is locked after repeated wrong passwords. Try again later.",
        [LoginDisabled] = "This login has been disabled. Ask an administrator to enable it.",
        [NoSuchPath] = "There is nothing at {path}. The API is described at /openapi/v1.json.",
        [WrongMethod] = "{path} does not take {method}; the Allow header lists what it takes.",
        [NotJson] = "Send the body as JSON, with Content-Type: application/json.",
        [PushTooLarge] = "The request body is larger than the {size} a push may hold (and at most 500 actions): split it into smaller batches.",
        [BodyTooLarge] = "The request body is larger than the {size} this endpoint accepts.",
        [TooManySignIns] = "Too many sign-in attempts from this address. Wait {seconds} s (see Retry-After) and try again.",
        [TooManyRequests] = "Too many requests from this client. Wait {seconds} s (see Retry-After) and send again; send actions in batches rather than one by one.",
        [DatabaseBusy] = "The database is briefly unavailable. Send the same request again in a few seconds: actions already applied are recognised as duplicates, never applied twice.",
        [BodyShape] = "The request body has the wrong shape: {path} must be {expected} (line {line}, position {position}).",
        [BodyNotUnicode] = "The request body has the wrong shape: {path} is not Unicode text (it holds half of a UTF-16 surrogate pair, such as \\ud800, or bytes that are not UTF-8) (line {line}, position {position}).",
        [BodyNotJson] = "The request body is not valid JSON: {error} (line {line}, position {position}).",
        [BodyMissing] = "The request has no body: send a JSON object with Content-Type: application/json.",
        [ParameterType] = "The parameter '{name}' must be {expected}; '{value}' is not.",
        [BodyNotUtf8] = "The request body is not valid UTF-8 (byte {at} cannot be read as UTF-8): send the JSON encoded as UTF-8.",
        [TokenExpired] = "The access token expired at {expires}. Get a new one from POST /api/v1/auth/token.",
        [TokenMalformed] = "The bearer value is neither an access token nor an API key (API keys start with rk_). Get a token from POST /api/v1/auth/token.",
        [TokenInvalid] = "The access token is not valid here (bad signature, issuer or audience): it was not issued by this Reception, or its signing key has changed. Get a new one from POST /api/v1/auth/token.",
        [TokenAccountGone] = "The account of this access token no longer exists.",
        [TokenLoginDisabled] = "This login has been disabled. Ask an administrator.",
        [TokenRevoked] = "This access token was revoked (the password or the login's access changed). Get a new one from POST /api/v1/auth/token.",
        [ApiKeyInvalid] = "The API key is not valid. Check that it was copied whole (it starts with rk_), or ask an administrator for a new one.",
        [ApiKeyRevoked] = "This API key has been revoked. Ask an administrator for a new one.",
        [CredentialRefused] = "The credential was refused: {reason}",
        [SignInEnded] = "This page's sign-in has ended: sign in again at /login.",

        [FieldRequired] = "{field} is required.",
        [FieldTooLong] = "{field} is {length} characters long; at most {max} are allowed.",
        [FieldNul] = "{field} contains a NUL character (\\u0000).",
        [FieldType] = "must be {expected}",
        [FieldNotUnicode] = "is not Unicode text (it holds half of a UTF-16 surrogate pair, such as \\ud800, or bytes that are not UTF-8)",
        [FieldNotJson] = "is not valid JSON: {error}",
        [TokenRequestInvalid] = "Send a JSON object with \"username\" and \"password\"; errors says what is wrong with each.",

        [HubTakesNone] = "{target} takes no arguments",
        [HubTakesOne] = "{target} takes 1 argument, {expected}",
        [HubTakesMany] = "{target} takes {count} arguments: {expected}",
        [HubArgumentCount] = "{takes}; this call gave {given}.",
        [HubArgumentAt] = "{takes}. Argument {index} at {path} {error}.",
        [HubArgument] = "{takes}. Argument {index} {error}.",
        [HubArgumentNot] = "{takes}. Argument {index} is not {expected}.",
        [HubArgumentsMismatch] = "{takes}; the arguments of this call do not match.",
        [HubTooManyRequests] = "Wait {seconds} s and send again; send actions in batches rather than one by one.",
        [HubDatabaseBusy] = "The database cannot be reached right now. Keep the actions and send them again in a few seconds.",
        [HubRetry] = "Try again in a few seconds.",
        [HubSignIn] = "Sign in with a Reception login or key to use the live queue.",
        [NotAKiosk] = "This connection is not a kiosk's.",
        [NoDisplayToken] = "This connection has no display token.",
        [VisitLinkUnknown] = "This link does not open a visit. Check the address, or ask at the desk.",
        [NoBranchToManage] = "No branch is open that this login may manage.",
    }.ToFrozenDictionary(StringComparer.Ordinal);

    /// <summary>
    /// What a value must be, by kind: the <c>{expected}</c> argument of <see cref="BodyShape"/> and
    /// <see cref="ParameterType"/> is the kind, worded as the catalog's <c>problems.expected.{kind}</c>.
    /// </summary>
    public static readonly FrozenDictionary<string, string> Expectations = new Dictionary<string, string>
    {
        ["id"] = "an id (a GUID such as 3f2b8c1e-9d4a-4c1e-8f00-0a1b2c3d4e5f)",
        ["number"] = "a whole number",
        ["time"] = "an ISO-8601 time such as 2026-11-24T09:30:00Z",
        ["boolean"] = "true or false",
        ["list"] = "a list (a JSON array)",
        ["text"] = "text (a JSON string)",
        ["object"] = "an object (a JSON object)",
    }.ToFrozenDictionary(StringComparer.Ordinal);

    /// <summary>The argument whose value is a kind of <see cref="Expectations"/>, worded before the sentence.</summary>
    public const string ExpectedArgument = "expected";

    public static readonly IReadOnlyList<string> All = [.. English.Keys.Order(StringComparer.Ordinal)];

    /// <summary>The codes of one field's error (a validation problem's errorCodes).</summary>
    public static readonly IReadOnlyList<string> Fields = [FieldRequired, FieldTooLong, FieldNul, FieldType, FieldNotUnicode, FieldNotJson];
}

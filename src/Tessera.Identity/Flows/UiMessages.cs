using System.Globalization;
using System.Text.Json.Nodes;

namespace Tessera.Identity.Flows;

/// <summary>
/// The service's one message catalog: Kratos v26's <c>text</c> package, with its numeric ids, types and
/// English texts exactly (the UIs translate by id and read the values from <c>context</c>). Each method
/// is named after Kratos's constructor without its <c>New</c>. Ranges: 1010xxx login, 1040xxx
/// registration, 1050xxx settings, 1060xxx recovery, 1070xxx node labels, 1080xxx verification,
/// 4000xxx validation, 4010xxx login errors (and "no strategy" for every flow), 4040xxx registration,
/// 4050xxx settings, 4060xxx recovery, 4070xxx verification, 5000xxx system.
/// </summary>
internal static class UiMessages
{
    public static UiText InfoLogin() => new(1010001, "Sign in", UiText.Info);
    public static UiText InfoLoginReAuth() => new(1010003, "Please confirm this action by verifying that it is you.", UiText.Info);
    public static UiText InfoLoginMFA() => new(1010004, "Please complete the second authentication challenge.", UiText.Info);
    public static UiText InfoLoginVerify() => new(1010005, "Verify", UiText.Info);
    public static UiText InfoLoginTOTPLabel() => new(1010006, "Authentication code", UiText.Info);
    public static UiText InfoLoginLookupLabel() => new(1010007, "Backup recovery code", UiText.Info);
    public static UiText InfoSelfServiceLoginWebAuthn() => new(1010008, "Sign in with hardware key", UiText.Info);
    public static UiText InfoLoginTOTP() => new(1010009, "Use Authenticator", UiText.Info);
    public static UiText InfoLoginLookup() => new(1010010, "Use backup recovery code", UiText.Info);
    public static UiText InfoSelfServiceContinueLoginWebAuthn() => new(1010011, "Sign in with hardware key", UiText.Info);
    public static UiText InfoLoginWebAuthnPasswordless() => new(1010012, "Prepare your WebAuthn device (e.g. security key, biometrics scanner, ...) and press continue.", UiText.Info);
    public static UiText InfoSelfServiceLoginContinue() => new(1010013, "Continue", UiText.Info);
    public static UiText LoginCodeSent() => new(1010014, "A code was sent to the address you provided. If you didn't receive it, please check the spelling of the address and try again.", UiText.Info);
    public static UiText InfoSelfServiceLoginCode() => new(1010015, "Send sign in code", UiText.Info);
    public static UiText InfoLoginAndLink() => new(1010017, "Sign in and link", UiText.Info);
    public static UiText InfoSelfServiceLoginCodeMFA() => new(1010019, "Request code to continue", UiText.Info);
    public static UiText InfoSelfServiceLoginPasskey() => new(1010021, "Sign in with passkey", UiText.Info);
    public static UiText InfoLoginPassword() => new(1010022, "Sign in with password", UiText.Info);
    public static UiText InfoRegistration() => new(1040001, "Sign up", UiText.Info);
    public static UiText InfoRegistrationContinue() => new(1040003, "Continue", UiText.Info);
    public static UiText InfoSelfServiceRegistrationRegisterWebAuthn() => new(1040004, "Sign up with security key", UiText.Info);
    public static UiText RegistrationEmailWithCodeSent() => new(1040005, "A code has been sent to the address(es) you provided. If you have not received a message, check the spelling of the address and retry the registration.", UiText.Info);
    public static UiText InfoSelfServiceRegistrationRegisterCode() => new(1040006, "Send sign up code", UiText.Info);
    public static UiText InfoSelfServiceRegistrationRegisterPasskey() => new(1040007, "Sign up with passkey", UiText.Info);
    public static UiText InfoRegistrationBack() => new(1040008, "Back", UiText.Info);
    public static UiText InfoSelfServiceChooseCredentials() => new(1040009, "Please choose a credential to authenticate yourself with.", UiText.Info);
    public static UiText InfoSelfServiceSettingsUpdateSuccess() => new(1050001, "Your changes have been saved!", UiText.Success);
    public static UiText InfoSelfServiceSettingsUpdateUnlinkTOTP() => new(1050004, "Unlink TOTP Authenticator App", UiText.Info);
    public static UiText InfoSelfServiceSettingsTOTPQRCode() => new(1050005, "Authenticator app QR code", UiText.Info);
    public static UiText InfoSelfServiceSettingsRevealLookup() => new(1050007, "Reveal backup recovery codes", UiText.Info);
    public static UiText InfoSelfServiceSettingsRegenerateLookup() => new(1050008, "Generate new backup recovery codes", UiText.Info);
    public static UiText InfoSelfServiceSettingsLookupSecretsLabel() => new(1050010, "These are your back up recovery codes. Please keep them in a safe place!", UiText.Info);
    public static UiText InfoSelfServiceSettingsLookupConfirm() => new(1050011, "Confirm backup recovery codes", UiText.Info);
    public static UiText InfoSelfServiceSettingsRegisterWebAuthn() => new(1050012, "Add security key", UiText.Info);
    public static UiText InfoSelfServiceRegisterWebAuthnDisplayName() => new(1050013, "Name of the security key", UiText.Info);
    public static UiText InfoSelfServiceSettingsDisableLookup() => new(1050016, "Disable this method", UiText.Info);
    public static UiText InfoSelfServiceSettingsTOTPSecretLabel() => new(1050017, "This is your authenticator app secret. Use it if you can not scan the QR code.", UiText.Info);
    public static UiText InfoSelfServiceSettingsRegisterPasskey() => new(1050019, "Add passkey", UiText.Info);
    public static UiText RecoveryEmailSent() => new(1060002, "An email containing a recovery link has been sent to the email address you provided. If you have not received an email, check the spelling of the address and make sure to use the address you registered with.", UiText.Info);
    public static UiText RecoveryEmailWithCodeSent() => new(1060003, "An email containing a recovery code has been sent to the email address you provided. If you have not received an email, check the spelling of the address and make sure to use the address you registered with.", UiText.Info);
    public static UiText RecoveryAskForFullAddress() => new(1060005, "Recover access to your account by providing your recovery address in full.", UiText.Info);
    public static UiText RecoveryAskToChooseAddress() => new(1060006, "How do you want to recover your account?", UiText.Info);
    public static UiText RecoveryBack() => new(1060007, "Back", UiText.Info);
    public static UiText InfoNodeInputPassword() => new(1070001, "Password", UiText.Info);
    public static UiText InfoNodeLabelSave() => new(1070003, "Save", UiText.Info);
    public static UiText InfoNodeLabelID() => new(1070004, "ID", UiText.Info);
    public static UiText InfoNodeLabelSubmit() => new(1070005, "Submit", UiText.Info);
    public static UiText InfoNodeLabelVerifyOTP() => new(1070006, "Verify code", UiText.Info);
    public static UiText InfoNodeInputEmail() => new(1070007, "Email", UiText.Info);
    public static UiText InfoNodeResendOTP() => new(1070008, "Resend code", UiText.Info);
    public static UiText InfoNodeLabelContinue() => new(1070009, "Continue", UiText.Info);
    public static UiText InfoNodeLabelRecoveryCode() => new(1070010, "Recovery code", UiText.Info);
    public static UiText InfoNodeLabelVerificationCode() => new(1070011, "Verification code", UiText.Info);
    public static UiText InfoNodeLabelRegistrationCode() => new(1070012, "Registration code", UiText.Info);
    public static UiText InfoNodeLabelLoginCode() => new(1070013, "Login code", UiText.Info);
    public static UiText InfoNodeLoginAndLinkCredential() => new(1070014, "Login and link credential", UiText.Info);
    public static UiText CaptchaContainerMessage() => new(1070015, "Please complete the captcha challenge to continue.", UiText.Info);
    public static UiText RecoveryAskAnyRecoveryAddress() => new(1070016, "Recovery address", UiText.Info);
    public static UiText InfoNodeInputPhoneNumber() => new(1070017, "Phone number", UiText.Info);
    public static UiText VerificationEmailSent() => new(1080001, "An email containing a verification link has been sent to the email address you provided. If you have not received an email, check the spelling of the address and make sure to use the address you registered with.", UiText.Info);
    public static UiText InfoSelfServiceVerificationSuccessful() => new(1080002, "You successfully verified your email address.", UiText.Success);
    public static UiText VerificationEmailWithCodeSent() => new(1080003, "An email containing a verification code has been sent to the email address you provided. If you have not received an email, check the spelling of the address and make sure to use the address you registered with.", UiText.Info);
    public static UiText ErrorValidationIdentityDisabled() => new(4010011, "This account has been disabled. Please contact support for assistance.", UiText.Error);
    public static UiText ErrorValidationInvalidCredentials() => new(4000006, "The provided credentials are invalid, check for spelling mistakes in your password or username, email address, or phone number.", UiText.Error);
    public static UiText ErrorValidationDuplicateCredentials() => new(4000007, "An account with the same identifier (email, phone, username, ...) exists already.", UiText.Error);
    public static UiText ErrorValidationTOTPVerifierWrong() => new(4000008, "The provided authentication code is invalid, please try again.", UiText.Error);
    public static UiText ErrorValidationIdentifierMissing() => new(4000009, "Could not find any login identifiers. Did you forget to set them? This could also be caused by a server misconfiguration.", UiText.Error);
    public static UiText ErrorValidationAddressNotVerified() => new(4000010, "Account not active yet. Did you forget to verify your email address?", UiText.Error);
    public static UiText ErrorValidationNoTOTPDevice() => new(4000011, "You have no TOTP device set up.", UiText.Error);
    public static UiText ErrorValidationLookupAlreadyUsed() => new(4000012, "This backup recovery code has already been used.", UiText.Error);
    public static UiText ErrorValidationNoWebAuthnDevice() => new(4000013, "You have no WebAuthn device set up.", UiText.Error);
    public static UiText ErrorValidationNoLookup() => new(4000014, "You have no backup recovery codes set up.", UiText.Error);
    public static UiText ErrorValidationSuchNoWebAuthnUser() => new(4000015, "This account does not exist or has no security key set up.", UiText.Error);
    public static UiText ErrorValidationLookupInvalid() => new(4000016, "The backup recovery code is not valid.", UiText.Error);
    public static UiText ErrorValidationDuplicateCredentialsOnOIDCLink() => new(4000027, "An account with the same identifier (email, phone, username, ...) exists already. Please sign in to your existing account to link your social profile.", UiText.Error);
    public static UiText ErrorValidationConstGeneric() => new(4000030, "const failed", UiText.Error);
    public static UiText ErrorValidationPasswordIdentifierTooSimilar() => new(4000031, "The password can not be used because it is too similar to the identifier.", UiText.Error);
    public static UiText ErrorValidationNoCodeUser() => new(4000035, "This account does not exist or has not setup sign in with code.", UiText.Error);
    public static UiText ErrorValidationTraitsMismatch() => new(4000036, "The provided traits do not match the traits previously associated with this flow.", UiText.Error);
    public static UiText ErrorValidationAccountNotFound() => new(4000037, "This account does not exist or has no login method configured.", UiText.Error);
    public static UiText ErrorCaptchaFailed() => new(4000038, "Captcha verification failed, please try again.", UiText.Error);
    public static UiText ErrorValidationPasswordNewSameAsOld() => new(4000039, "The new password must be different from the old password.", UiText.Error);
    public static UiText ErrorValidationLoginNoStrategyFound() => new(4010002, "Could not find a strategy to log you in with. Did you fill out the form correctly?", UiText.Error);
    public static UiText ErrorValidationRegistrationNoStrategyFound() => new(4010003, "Could not find a strategy to sign you up with. Did you fill out the form correctly?", UiText.Error);
    public static UiText ErrorValidationSettingsNoStrategyFound() => new(4010004, "Could not find a strategy to update your settings. Did you fill out the form correctly?", UiText.Error);
    public static UiText ErrorValidationRecoveryNoStrategyFound() => new(4010005, "Could not find a strategy to recover your account with. Did you fill out the form correctly?", UiText.Error);
    public static UiText ErrorValidationVerificationNoStrategyFound() => new(4010006, "Could not find a strategy to verify your account with. Did you fill out the form correctly?", UiText.Error);
    public static UiText ErrorValidationLoginRetrySuccessful() => new(4010007, "The request was already completed successfully and can not be retried.", UiText.Error);
    public static UiText ErrorValidationLoginCodeInvalidOrAlreadyUsed() => new(4010008, "The login code is invalid or has already been used. Please try again.", UiText.Error);
    public static UiText ErrorValidationLoginLinkedCredentialsDoNotMatch() => new(4010009, "Linked credentials do not match.", UiText.Error);
    public static UiText ErrorValidationAddressUnknown() => new(4010010, "The address you entered does not match any known addresses in the current account.", UiText.Error);
    public static UiText ErrorValidationRegistrationRetrySuccessful() => new(4040002, "The request was already completed successfully and can not be retried.", UiText.Error);
    public static UiText ErrorValidationRegistrationCodeInvalidOrAlreadyUsed() => new(4040003, "The registration code is invalid or has already been used. Please try again.", UiText.Error);
    public static UiText ErrorValidationRecoveryRetrySuccess() => new(4060001, "The request was already completed successfully and can not be retried.", UiText.Error);
    public static UiText ErrorValidationRecoveryStateFailure() => new(4060002, "The recovery flow reached a failure state and must be retried.", UiText.Error);
    public static UiText ErrorValidationRecoveryTokenInvalidOrAlreadyUsed() => new(4060004, "The recovery token is invalid or has already been used. Please retry the flow.", UiText.Error);
    public static UiText ErrorValidationRecoveryCodeInvalidOrAlreadyUsed() => new(4060006, "The recovery code is invalid or has already been used. Please try again.", UiText.Error);
    public static UiText ErrorValidationVerificationTokenInvalidOrAlreadyUsed() => new(4070001, "The verification token is invalid or has already been used. Please retry the flow.", UiText.Error);
    public static UiText ErrorValidationVerificationRetrySuccess() => new(4070002, "The request was already completed successfully and can not be retried.", UiText.Error);
    public static UiText ErrorValidationVerificationStateFailure() => new(4070003, "The verification flow reached a failure state and must be retried.", UiText.Error);
    public static UiText ErrorValidationVerificationCodeInvalidOrAlreadyUsed() => new(4070006, "The verification code is invalid or has already been used. Please try again.", UiText.Error);
    public static UiText ErrorSystemNoAuthenticationMethodsAvailable() => new(5000002, "No authentication methods are available. Please contact the system administrator.", UiText.Error);

    public static UiText InfoLoginWith(string provider, string providerId) => new(1010002, $"Sign in with {provider}", UiText.Info, new JsonObject { ["provider"] = provider, ["provider_id"] = providerId });

    public static UiText InfoLoginWithAndLink(string provider) => new(1010018, $"Confirm with {provider}", UiText.Info, new JsonObject { ["provider"] = provider });

    public static UiText InfoSelfServiceLoginAAL2CodeAddress(string channel, string to) => new(1010023, $"Send code to {to}", UiText.Info, new JsonObject { ["address"] = to, ["channel"] = channel });

    public static UiText InfoRegistrationWith(string provider, string providerId) => new(1040002, $"Sign up with {provider}", UiText.Info, new JsonObject { ["provider"] = provider, ["provider_id"] = providerId });

    public static UiText InfoSelfServiceSettingsUpdateLinkOIDC(string provider) => new(1050002, $"Link {provider}", UiText.Info, new JsonObject { ["provider"] = provider });

    public static UiText InfoSelfServiceSettingsUpdateUnlinkOIDC(string provider) => new(1050003, $"Unlink {provider}", UiText.Info, new JsonObject { ["provider"] = provider });

    public static UiText InfoSelfServiceSettingsTOTPSecret(string secret) => new(1050006, secret, UiText.Info, new JsonObject { ["secret"] = secret });

    public static UiText InfoSelfServiceSettingsLookupSecret(string secret) => new(1050009, secret, UiText.Info, new JsonObject { ["secret"] = secret });

    /// <summary>1070002: a label made from a schema's <c>title</c>.</summary>
    public static UiText InfoNodeLabelGenerated(string title, string name) => new(1070002, title, UiText.Info, new JsonObject { ["title"] = title, ["name"] = name });

    public static UiText ValidationErrorGeneric(string reason) => new(4000001, reason, UiText.Error, new JsonObject { ["reason"] = reason });

    public static UiText ValidationErrorRequired(string missing) => new(4000002, $"Property {missing} is missing.", UiText.Error, new JsonObject { ["property"] = missing });

    public static UiText ErrorValidationMinLength(int minLength, int actualLength)
        => new(4000003, Invariant($"length must be >= {minLength}, but got {actualLength}"), UiText.Error, new JsonObject { ["min_length"] = minLength, ["actual_length"] = actualLength });

    public static UiText ErrorValidationInvalidFormat(string pattern)
        => new(4000004, $"does not match pattern {GoQuote(pattern)}", UiText.Error, new JsonObject { ["pattern"] = pattern });

    public static UiText ErrorValidationPasswordPolicyViolationGeneric(string reason)
        => new(4000005, $"The password can not be used because {reason}.", UiText.Error, new JsonObject { ["reason"] = reason });

    public static UiText ErrorValidationMaxLength(int maxLength, int actualLength)
        => new(4000017, Invariant($"length must be <= {maxLength}, but got {actualLength}"), UiText.Error, new JsonObject { ["max_length"] = maxLength, ["actual_length"] = actualLength });

    public static UiText ErrorValidationMinimum(double minimum, double actual)
        => new(4000018, $"must be >= {GoNumber(minimum)} but found {GoNumber(actual)}", UiText.Error, new JsonObject { ["minimum"] = minimum, ["actual"] = actual });

    public static UiText ErrorValidationExclusiveMinimum(double minimum, double actual)
        => new(4000019, $"must be > {GoNumber(minimum)} but found {GoNumber(actual)}", UiText.Error, new JsonObject { ["minimum"] = minimum, ["actual"] = actual });

    public static UiText ErrorValidationMaximum(double maximum, double actual)
        => new(4000020, $"must be <= {GoNumber(maximum)} but found {GoNumber(actual)}", UiText.Error, new JsonObject { ["maximum"] = maximum, ["actual"] = actual });

    public static UiText ErrorValidationExclusiveMaximum(double maximum, double actual)
        => new(4000021, $"must be < {GoNumber(maximum)} but found {GoNumber(actual)}", UiText.Error, new JsonObject { ["maximum"] = maximum, ["actual"] = actual });

    public static UiText ErrorValidationMultipleOf(double @base, double actual)
        => new(4000022, $"{GoNumber(actual)} not multipleOf {GoNumber(@base)}", UiText.Error, new JsonObject { ["base"] = @base, ["actual"] = actual });

    public static UiText ErrorValidationMaxItems(int maxItems, int actualItems)
        => new(4000023, Invariant($"maximum {maxItems} items allowed, but found {actualItems} items"), UiText.Error, new JsonObject { ["max_items"] = maxItems, ["actual_items"] = actualItems });

    public static UiText ErrorValidationMinItems(int minItems, int actualItems)
        => new(4000024, Invariant($"minimum {minItems} items allowed, but found {actualItems} items"), UiText.Error, new JsonObject { ["min_items"] = minItems, ["actual_items"] = actualItems });

    public static UiText ErrorValidationUniqueItems(int indexA, int indexB)
        => new(4000025, Invariant($"items at index {indexA} and {indexB} are equal"), UiText.Error, new JsonObject { ["index_a"] = indexA, ["index_b"] = indexB });

    public static UiText ErrorValidationWrongType(IReadOnlyList<string> allowedTypes, string actualType)
        => new(4000026, $"expected {string.Join(" or ", allowedTypes)}, but got {actualType}", UiText.Error,
            new JsonObject { ["allowed_types"] = new JsonArray(allowedTypes.Select(t => (JsonNode)t).ToArray()), ["actual_type"] = actualType });

    public static UiText ErrorValidationConst(string expected) => new(4000029, $"must be equal to constant {expected}", UiText.Error, new JsonObject { ["expected"] = expected });

    public static UiText ErrorValidationPasswordMinLength(int minLength, int actualLength)
        => new(4000032, Invariant($"The password must be at least {minLength} characters long, but got {actualLength}."), UiText.Error, new JsonObject { ["min_length"] = minLength, ["actual_length"] = actualLength });

    public static UiText ErrorValidationPasswordMaxLength(int maxLength, int actualLength)
        => new(4000033, Invariant($"The password must be at most {maxLength} characters long, but got {actualLength}."), UiText.Error, new JsonObject { ["max_length"] = maxLength, ["actual_length"] = actualLength });

    public static UiText ErrorValidationPasswordTooManyBreaches(long breaches)
        => new(4000034, "The password has been found in data breaches and must no longer be used.", UiText.Error, new JsonObject { ["breaches"] = breaches });

    public static UiText ErrorValidationEmail(string value) => new(4000040, "Enter a valid email address", UiText.Error, new JsonObject { ["value"] = value });

    public static UiText ErrorValidationPhone(string value) => new(4000041, "Enter a valid phone number", UiText.Error, new JsonObject { ["value"] = value });

    public static UiText ErrorValidationLoginFlowExpired(DateTimeOffset expiredAt, DateTimeOffset now) => FlowExpired(4010001, "login", expiredAt, now);

    public static UiText ErrorValidationRegistrationFlowExpired(DateTimeOffset expiredAt, DateTimeOffset now) => FlowExpired(4040001, "registration", expiredAt, now);

    public static UiText ErrorValidationSettingsFlowExpired(DateTimeOffset expiredAt, DateTimeOffset now) => FlowExpired(4050001, "settings", expiredAt, now);

    public static UiText ErrorValidationRecoveryFlowExpired(DateTimeOffset expiredAt, DateTimeOffset now) => FlowExpired(4060005, "recovery", expiredAt, now);

    public static UiText ErrorValidationVerificationFlowExpired(DateTimeOffset expiredAt, DateTimeOffset now) => FlowExpired(4070005, "verification", expiredAt, now);

    public static UiText ErrorSystemGeneric(string reason) => new(5000001, reason, UiText.Error, new JsonObject { ["reason"] = reason });

    /// <summary>Kratos's <c>%.2f minutes ago</c>, with the expiry as RFC 3339 and Unix seconds in the context.</summary>
    private static UiText FlowExpired(int id, string flow, DateTimeOffset expiredAt, DateTimeOffset now)
        => new(id, Invariant($"The {flow} flow expired {(now - expiredAt).TotalMinutes:F2} minutes ago, please try again."), UiText.Error, new JsonObject
        {
            ["expired_at"] = expiredAt.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFF'Z'", CultureInfo.InvariantCulture),
            ["expired_at_unix"] = expiredAt.ToUnixTimeSeconds(),
        });

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);

    /// <summary>Go's <c>%v</c> of a float64: the shortest form that round-trips.</summary>
    private static string GoNumber(double value) => value.ToString("R", CultureInfo.InvariantCulture);

    /// <summary>Go's <c>%q</c>: a double-quoted string with backslash escapes.</summary>
    private static string GoQuote(string value) => JsonValue.Create(value).ToJsonString();
}

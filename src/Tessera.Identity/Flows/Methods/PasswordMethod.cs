using System.Text.Json.Nodes;
using Tessera.Identity.Credentials;
using Tessera.Identity.Identities;
using Tessera.Identity.Sessions;
using Tessera.Identity.Throttle;

namespace Tessera.Identity.Flows.Methods;

/// <summary>
/// The <c>password</c> method (Kratos's password strategy): its nodes come from <see cref="PasswordForm"/>; a login
/// submission (<c>identifier</c>, or the legacy <c>password_identifier</c>, and <c>password</c>) asks the login
/// throttle first, then verifies the password; a registration submission (<c>traits</c> and <c>password</c>)
/// validates the traits, applies the password policy against each password identifier and hashes the password.
/// Either completes the flow (the framework writes and answers); refusals come back on the form as Kratos words them.
/// </summary>
internal sealed class PasswordMethod(PasswordForm form, PasswordLogin passwords, PasswordPolicy policy, PasswordHashes hashes, IdentityComposer composer, LoginThrottle throttle) : IFlowMethod
{
    public string Method => PasswordForm.Name;

    public bool Serves(string flow) => form.Serves(flow);

    public void Populate(FlowForm flowForm) => form.Populate(flowForm);

    public void PopulateCredentials(FlowForm flowForm) => form.PopulateCredentials(flowForm);

    public Task<MethodOutcome> SubmitAsync(MethodSubmission submission, CancellationToken ct)
        => submission.Flow.Name == FlowNames.Login ? LoginAsync(submission, ct) : Task.FromResult(Register(submission));

    private async Task<MethodOutcome> LoginAsync(MethodSubmission submission, CancellationToken ct)
    {
        var flow = submission.Flow with { TransientPayload = submission.Body["transient_payload"]?.DeepClone() };
        var identifier = submission.Field("identifier") is { Length: > 0 } given ? given : submission.Field("password_identifier") ?? "";
        var password = submission.Field("password") ?? "";
        var ui = flow.Ui;
        ui.ResetMessages();
        ui.Find("password")?.SetAttribute("value", null);
        ui.Find("identifier")?.SetAttribute("value", identifier);
        if (identifier.Length == 0 || password.Length == 0)
        {
            // Kratos's login payload schema: both are required.
            ui.AddMessage(UiMessages.ValidationErrorRequired(identifier.Length == 0 ? "identifier" : "password"), identifier.Length == 0 ? "identifier" : "password");
            return MethodOutcome.ShowForm(flow);
        }

        var address = submission.Request.ClientAddress;
        var decision = await throttle.CheckAsync(identifier, address, submission.Now, ct);
        if (!decision.Allowed)
        {
            var error = decision.Error;
            return MethodOutcome.Failed(new FlowError(error.Status, error.Message, error.Reason) { RetryAfterSeconds = decision.RetryAfterSeconds }
                .WithDetail("retry_at", SelfServiceFlow.Time(decision.RetryAt)));
        }

        var result = await passwords.LoginAsync(identifier, password, ct);
        if (result.Failure == PasswordLoginFailure.InvalidCredentials)
        {
            await throttle.RecordFailureAsync(identifier, address, submission.Now, ct);
            ui.Messages.Add(UiMessages.ErrorValidationInvalidCredentials());
            return MethodOutcome.ShowForm(flow);
        }

        await throttle.RecordSuccessAsync(identifier, address, submission.Now, ct);
        return MethodOutcome.Completed(new FlowCompletion(result.Identity!, null, Method, AuthenticationMethod.Aal1, identifier) { Flow = flow });
    }

    private MethodOutcome Register(MethodSubmission submission)
    {
        var flow = submission.Flow with { TransientPayload = submission.Body["transient_payload"]?.DeepClone() };
        var ui = flow.Ui;
        ui.ResetMessages();
        var traits = submission.Body["traits"] as JsonObject ?? [];
        if (submission.FormEncoded)
        {
            FormValues.Coerce(traits, submission.Schema);
        }

        ui.SetValues(traits, "traits", NodeGroups.Default);
        var password = submission.Field("password") ?? "";
        if (password.Length == 0)
        {
            ui.AddMessage(UiMessages.ValidationErrorRequired("password"), "password");
            return MethodOutcome.ShowForm(flow);
        }

        var document = new JsonObject { ["traits"] = traits.DeepClone() };
        var validation = submission.Schema.Validator.Validate(document);
        if (!validation.IsValid)
        {
            TraitErrors.AddTo(ui, document, validation.Errors);
            return MethodOutcome.ShowForm(flow);
        }

        var identifiers = submission.Schema.Extension.IdentifiersOf(traits).Where(i => i.Type == IdentityCredential.Password).ToList();
        if (identifiers.Count == 0)
        {
            ui.Messages.Add(UiMessages.ErrorValidationIdentifierMissing());
            return MethodOutcome.ShowForm(flow);
        }

        foreach (var identifier in identifiers)
        {
            if (policy.Validate(identifier.Identifier, password) is { } violation)
            {
                return PolicyRefused(flow, violation);
            }
        }

        string hash;
        try
        {
            hash = hashes.Hash(password);
        }
        catch (PasswordTooLongException)
        {
            return PolicyRefused(flow, PasswordPolicyViolation.MaxLength(72, System.Text.Encoding.UTF8.GetByteCount(password)));
        }

        var now = submission.Now.AddTicks(-(submission.Now.Ticks % 10));
        var identity = new IdentityRecord(Guid.NewGuid().ToString(), submission.Schema.Id, traits, IdentityRecord.Active, null, null, null, null, now, now, now);
        var credential = new IdentityCredential(IdentityCredential.Password, PasswordImport.HashedConfig(hash), 0, now, now);
        var parts = composer.Compose(identity, IdentityParts.Empty, credential, null, null, now);
        return MethodOutcome.Completed(new FlowCompletion(identity, parts, Method, AuthenticationMethod.Aal1) { Flow = flow });
    }

    /// <summary>Kratos's <c>NewPasswordPolicyViolationError("#/password", message)</c>: the policy's message on the password node.</summary>
    private static MethodOutcome PolicyRefused(SelfServiceFlow flow, PasswordPolicyViolation violation)
    {
        flow.Ui.AddMessage(new UiText((int)violation.Id, violation.Text, UiText.Error, (JsonObject?)violation.Context?.DeepClone()), "password");
        return MethodOutcome.ShowForm(flow);
    }
}

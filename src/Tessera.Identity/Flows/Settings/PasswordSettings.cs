using System.Text.Json.Nodes;
using Tessera.Identity.Credentials;
using Tessera.Identity.Identities;

namespace Tessera.Identity.Flows.Settings;

/// <summary>
/// The settings flow's <c>password</c> method (Kratos's password strategy): a new-password input (1070001) and a
/// "Save" button (1070003). A change needs a privileged session; an empty password is 4000002, the old password
/// again 4000039, a policy violation its message (4000005 with the reason, 4000031–4000034) on the password node;
/// otherwise the hash is replaced, so the old password no longer logs in.
/// </summary>
internal sealed class PasswordSettings(PasswordLogin passwords, PasswordPolicy policy, IdentityAdministration identities) : ISettingsMethod
{
    public string Method => "password";

    public string Group => NodeGroups.Password;

    public void Populate(SettingsForm form)
    {
        form.Ui.SetCsrf(form.CsrfToken);
        form.Ui.Upsert(UiNode.Input("password", NodeGroups.Password, NodeTypes.InputPassword, required: true, autocomplete: "new-password", label: UiMessages.InfoNodeInputPassword()));
        form.Ui.Nodes.Add(UiNode.Input("method", NodeGroups.Password, NodeTypes.InputSubmit, JsonValue.Create(Method), label: UiMessages.InfoNodeLabelSave()));
    }

    public async Task<SettingsOutcome> SubmitAsync(SettingsSubmission submission, CancellationToken ct)
    {
        var ui = submission.Flow.Ui;
        ui.ResetMessages();
        if (submission.CheckCsrf() is { } csrf)
        {
            return SettingsOutcome.Failed(csrf);
        }

        if (!submission.Privileged)
        {
            return SettingsOutcome.NeedsPrivilegedSession;
        }

        var password = submission.Field("password");
        if (string.IsNullOrEmpty(password))
        {
            ui.AddMessage(UiMessages.ValidationErrorRequired("password"), "password");
            return SettingsOutcome.ShowForm;
        }

        var current = await identities.GetAsync(submission.Identity.Id, ct);
        if (current.Parts.Credential(IdentityCredential.Password)?.Config is { } config
            && PasswordImport.HashOf(config) is { Length: > 0 } hash && PasswordHashes.Verify(hash, password))
        {
            ui.AddMessage(UiMessages.ErrorValidationPasswordNewSameAsOld(), "password");
            return SettingsOutcome.ShowForm;
        }

        // Kratos validates against each password identifier, or against none when there is none.
        var identifiers = current.Parts.Identifiers.Where(i => i.Type == IdentityCredential.Password).Select(i => i.Identifier).DefaultIfEmpty("");
        if (identifiers.Select(i => policy.Validate(i, password)).FirstOrDefault(v => v is not null) is { } violation)
        {
            ui.AddMessage(new UiText((int)violation.Id, violation.Text, UiText.Error, violation.Context), "password");
            return SettingsOutcome.ShowForm;
        }

        try
        {
            if (!await passwords.SetPasswordAsync(submission.Identity.Id, password, ct))
            {
                return SettingsOutcome.Failed(FlowError.NotFound);
            }
        }
        catch (PasswordTooLongException)
        {
            var tooLong = PasswordPolicyViolation.MaxLength(72, System.Text.Encoding.UTF8.GetByteCount(password));
            ui.AddMessage(new UiText((int)tooLong.Id, tooLong.Text, UiText.Error, tooLong.Context), "password");
            return SettingsOutcome.ShowForm;
        }

        return SettingsOutcome.Saved(submission.Identity);
    }
}

using System.Text.Json.Nodes;
using Tessera.Identity.Identities;

namespace Tessera.Identity.Flows.Settings;

/// <summary>
/// The settings flow's <c>profile</c> method (Kratos's profile strategy): the traits as inputs of the profile
/// group with the identity's current values and a "Save" button (1070003). A submission's traits are validated
/// against the identity schema (refusals on their nodes, 400), and written with identifiers and addresses
/// derived again; changing an identifier or an address needs a privileged session (Kratos's protected fields);
/// a taken identifier is 4000007 on the form.
/// </summary>
internal sealed class ProfileSettings(IdentityAdministration identities) : ISettingsMethod
{
    public string Method => "profile";

    public string Group => NodeGroups.Profile;

    public void Populate(SettingsForm form)
    {
        foreach (var node in SchemaNodes.Traits(form.Schema, NodeGroups.Profile))
        {
            form.Ui.Upsert(node);
        }

        form.Ui.SetCsrf(form.CsrfToken);
        form.Ui.SetValues(form.Identity.Traits, "traits", NodeGroups.Profile);
        form.Ui.Nodes.Add(UiNode.Input("method", NodeGroups.Profile, NodeTypes.InputSubmit, JsonValue.Create(Method), label: UiMessages.InfoNodeLabelSave()));
    }

    public async Task<SettingsOutcome> SubmitAsync(SettingsSubmission submission, CancellationToken ct)
    {
        if (submission.CheckCsrf() is { } csrf)
        {
            return SettingsOutcome.Failed(csrf);
        }

        if (submission.Body["traits"] is not JsonObject { Count: > 0 } traits)
        {
            return SettingsOutcome.Failed(SettingsErrors.NoValueChanges);
        }

        traits = (JsonObject)traits.DeepClone();
        if (submission.FormEncoded)
        {
            FormValues.Coerce(traits, submission.Schema);
        }

        var ui = submission.Flow.Ui;
        ui.ResetMessages();
        ui.SetValues(traits, "traits", NodeGroups.Profile);
        var document = new JsonObject { ["traits"] = traits.DeepClone() };
        var result = submission.Schema.Validator.Validate(document);
        if (!result.IsValid)
        {
            TraitErrors.AddTo(ui, document, result.Errors);
            return SettingsOutcome.ShowForm;
        }

        if (!submission.Privileged && ChangesProtectedFields(submission, traits))
        {
            return SettingsOutcome.NeedsPrivilegedSession;
        }

        var written = await identities.UpdateTraitsAsync(submission.Identity, traits, ct);
        if (written.Error is { } error)
        {
            if (error.Status == 409)
            {
                ui.Messages.Add(UiMessages.ErrorValidationDuplicateCredentials());
                return SettingsOutcome.ShowForm;
            }

            return SettingsOutcome.Failed(new FlowError(error.Status, error.Message, error.Reason));
        }

        return SettingsOutcome.Saved(written.Identity!);
    }

    /// <summary>Kratos's protected fields: the credential identifiers and the verifiable and recovery addresses.</summary>
    private static bool ChangesProtectedFields(SettingsSubmission submission, JsonObject traits)
    {
        var extension = submission.Schema.Extension;
        var before = submission.Identity.Traits;
        static IEnumerable<string> Identifiers(List<CredentialIdentifier> list) => list.Select(i => i.Type + ":" + i.Identifier).Order(StringComparer.Ordinal);
        static IEnumerable<string> Addresses(List<(string Via, string Value)> list) => list.Select(a => a.Via + ":" + a.Value.ToLowerInvariant()).Order(StringComparer.Ordinal);
        return !Identifiers(extension.IdentifiersOf(before)).SequenceEqual(Identifiers(extension.IdentifiersOf(traits)))
            || !Addresses(extension.VerifiableAddressesOf(before)).SequenceEqual(Addresses(extension.VerifiableAddressesOf(traits)))
            || !Addresses(extension.RecoveryAddressesOf(before)).SequenceEqual(Addresses(extension.RecoveryAddressesOf(traits)));
    }
}

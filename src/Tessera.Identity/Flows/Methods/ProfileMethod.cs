using System.Text.Json.Nodes;

namespace Tessera.Identity.Flows.Methods;

/// <summary>
/// Registration's <c>profile</c> method (Kratos v26's profile strategy) for <c>style: profile_first</c>:
/// the first screen asks for the traits; <c>method=profile</c> (or <c>screen=credential-selection</c>)
/// validates them against the identity schema — refused traits come back on their nodes (4000002
/// "Property email is missing." …) — and then shows the credential step: the traits kept as hidden
/// inputs, a <c>screen=previous</c> "Back" button (1040008), the methods' credential nodes and the
/// message 1040009. <c>screen=previous</c> (or the deprecated <c>method=profile:back</c>) returns to the
/// first screen with the traits filled in.
/// </summary>
internal sealed class ProfileMethod : IFlowMethod
{
    public const string Name = "profile";
    public const string ScreenCredentialSelection = "credential-selection";
    public const string ScreenPrevious = "previous";

    public string Method => Name;

    public bool Serves(string flow) => flow == FlowNames.Registration;

    public bool Accepts(MethodSubmission submission)
        => submission.Method is Name or "profile:back" || !string.IsNullOrEmpty(submission.Field("screen"));

    public void Populate(FlowForm form)
    {
        form.Ui.SetCsrf(form.CsrfToken);
        if (!form.TwoSteps)
        {
            foreach (var node in SchemaNodes.Traits(form.Schema, NodeGroups.Default))
            {
                form.Ui.Upsert(node);
            }

            return;
        }

        form.Ui.Remove("screen", NodeGroups.Profile);
        foreach (var node in SchemaNodes.Traits(form.Schema, NodeGroups.Default))
        {
            form.Ui.Upsert(node);
        }

        form.Ui.Remove("method", NodeGroups.Profile);
        form.Ui.Nodes.Add(UiNode.Input("method", NodeGroups.Profile, NodeTypes.InputSubmit, JsonValue.Create(Name), label: UiMessages.InfoRegistration()));
    }

    public void PopulateCredentials(FlowForm form)
    {
        form.Ui.Nodes.Add(UiNode.Input("screen", NodeGroups.Profile, NodeTypes.InputSubmit, JsonValue.Create(ScreenPrevious), label: UiMessages.InfoRegistrationBack()));
        form.Ui.Remove("method", NodeGroups.Profile);
        foreach (var node in form.Ui.Nodes.Where(n => n.Group == NodeGroups.Default && n.Type == NodeTypes.Input))
        {
            node.SetAttribute("type", NodeTypes.InputHidden);
        }

        form.Ui.Messages.Add(UiMessages.InfoSelfServiceChooseCredentials());
    }

    public Task<MethodOutcome> SubmitAsync(MethodSubmission submission, CancellationToken ct)
    {
        if (!submission.Form.TwoSteps)
        {
            return Task.FromResult(MethodOutcome.NotResponsible);
        }

        var screen = submission.Field("screen");
        var back = screen == ScreenPrevious || (string.IsNullOrEmpty(screen) && submission.Method == "profile:back");
        return Task.FromResult(back ? ReturnToProfile(submission) : ShowCredentials(submission));
    }

    private static MethodOutcome ShowCredentials(MethodSubmission submission)
    {
        var flow = submission.Flow with { Active = null, State = FlowNames.StateChooseMethod, TransientPayload = submission.Body["transient_payload"]?.DeepClone() };
        var ui = flow.Ui;
        ui.ResetMessages();
        var traits = submission.Body["traits"] as JsonObject ?? [];
        if (submission.FormEncoded)
        {
            FormValues.Coerce(traits, submission.Schema);
        }

        var document = new JsonObject { ["traits"] = traits.DeepClone() };
        var result = submission.Schema.Validator.Validate(document);
        if (!result.IsValid)
        {
            ui.SetValues(traits, "traits", NodeGroups.Default);
            TraitErrors.AddTo(ui, document, result.Errors);
            return MethodOutcome.ShowForm(flow);
        }

        var form = submission.Form with { Flow = flow };
        foreach (var method in submission.Methods)
        {
            method.PopulateCredentials(form);
        }

        ui.SetValues(traits, "traits", NodeGroups.Default);
        ui.Sort();
        return MethodOutcome.ShowForm(flow);
    }

    private static MethodOutcome ReturnToProfile(MethodSubmission submission)
    {
        var flow = submission.Flow with { OrganizationId = null };
        var ui = flow.Ui;
        ui.ResetMessages();
        ui.Messages.Clear();
        ui.Nodes.RemoveAll(n => n.Group != NodeGroups.Default && n.Group != NodeGroups.Profile);
        ui.Nodes.RemoveAll(n => n.Group == NodeGroups.Default && n.Id.StartsWith("traits.", StringComparison.Ordinal));
        var form = submission.Form with { Flow = flow };
        foreach (var method in submission.Methods)
        {
            method.Populate(form);
        }

        ui.SetValues(submission.Body["traits"] as JsonObject ?? [], "traits", NodeGroups.Default);
        ui.Sort();
        return MethodOutcome.ShowForm(flow);
    }
}

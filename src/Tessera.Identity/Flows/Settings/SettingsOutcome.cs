using Tessera.Identity.Identities;

namespace Tessera.Identity.Flows.Settings;

/// <summary>
/// What a settings method made of a submission: <see cref="Saved"/> (the identity as written; hooks and the
/// success answer follow), <see cref="ShowForm"/> (messages on the form or its nodes: 400 with the flow, or a 303
/// back to the UI), <see cref="Failed"/> (an error: a 400 becomes a form message), <see cref="NeedsPrivilegedSession"/>
/// (Kratos's <c>FlowNeedsReAuth</c>).
/// </summary>
internal abstract record SettingsOutcome
{
    private SettingsOutcome()
    {
    }

    public static SettingsOutcome NeedsPrivilegedSession { get; } = new ReauthOutcome();

    public static SettingsOutcome Saved(IdentityRecord identity) => new SavedOutcome(identity);

    public static SettingsOutcome ShowForm { get; } = new FormOutcome();

    public static SettingsOutcome Failed(FlowError error) => new FailedOutcome(error);

    internal sealed record SavedOutcome(IdentityRecord Identity) : SettingsOutcome;

    internal sealed record FormOutcome : SettingsOutcome;

    internal sealed record FailedOutcome(FlowError Error) : SettingsOutcome;

    internal sealed record ReauthOutcome : SettingsOutcome;
}

using Tessera.OAuth2.Clients;
using Tessera.OAuth2.Flows;

namespace Tessera.OAuth2.Protocol;

/// <summary>
/// The outcome of checking an authorization request: the request and its client, or an error with
/// the target to report it to. A null <see cref="ErrorTarget"/> means the redirect URI could not be
/// trusted, so the error is shown on the server's error page instead.
/// </summary>
internal sealed record AuthorizeValidation(AuthorizationRequest? Request, OAuth2Client? Client, OAuth2Error? Error, RedirectTarget? ErrorTarget);

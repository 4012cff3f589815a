using System.Buffers;
using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Runtime.ExceptionServices;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Protocol;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Reception.Sync.Wire;
using Reception.Web.Api;

namespace Reception.Web.Live;

/// <summary>
/// SignalR's JSON protocol, saying what is wrong with a call's arguments. Arguments that do not
/// bind (a number where Push takes an object, three where Pull takes two, text that is not
/// Unicode) never reach a hub method or a hub filter: the dispatcher answers "Failed to invoke
/// 'Push' due to an error on the server." and nothing more, unless detailed errors are on, which
/// would also send the text of every other exception. A HubException's message is always sent, so
/// here the binding failure becomes one that says which argument is wrong and what it must be, and
/// detailed errors stay off.
/// </summary>
internal sealed partial class ReadableHubProtocol(IOptions<JsonHubProtocolOptions> options) : IHubProtocol
{
    private readonly JsonHubProtocol _json = new(options);
    private readonly JsonSerializerOptions _payload = options.Value.PayloadSerializerOptions;

    public string Name => _json.Name;
    public int Version => _json.Version;
    public TransferFormat TransferFormat => _json.TransferFormat;

    public bool IsVersionSupported(int version) => _json.IsVersionSupported(version);

    public void WriteMessage(HubMessage message, IBufferWriter<byte> output) => _json.WriteMessage(message, output);

    public ReadOnlyMemory<byte> GetMessageBytes(HubMessage message) => _json.GetMessageBytes(message);

    public bool TryParseMessage(ref ReadOnlySequence<byte> input, IInvocationBinder binder, [NotNullWhen(true)] out HubMessage? message)
    {
        var start = input;
        if (!_json.TryParseMessage(ref input, binder, out message))
        {
            return false;
        }

        if (message is InvocationBindingFailureMessage failure && failure.BindingFailure.SourceException is not HubException)
        {
            // A push that cannot be read is refused as a whole (the desk narrows its batch down to the
            // action at fault); any other call is a plain bad request. The code comes first, as on every hub error.
            var code = failure.Target == "Push" ? ProblemCodes.BatchMalformed : ProblemCodes.BadRequest;
            var said = Describe(failure, binder, start.Slice(0, input.Start).ToArray());
            message = new InvocationBindingFailureMessage(failure.InvocationId, failure.Target,
                ExceptionDispatchInfo.Capture(new HubException($"[{code}] {said}")));
        }

        return true;
    }

    /// <summary>
    /// What is wrong with the call, in the connection's language: the protocol is one for all
    /// connections, but it parses each connection's frames inside that connection's request, whose
    /// culture RequestLocalization set (it flows with the execution context; QueueHubLanguageTests).
    /// </summary>
    private string Describe(InvocationBindingFailureMessage failure, IInvocationBinder binder, byte[] frame)
    {
        var language = ProblemWords.NotEnglish(CultureInfo.CurrentUICulture);
        var say = (string code, (string Name, object Value)[] args) => ProblemWords.Say(ProblemDetail.Of(code, args), language);
        var target = failure.Target;
        var expected = binder.GetParameterTypes(target);
        var takes = expected.Count switch
        {
            0 => say(ProblemDetailCodes.HubTakesNone, [("target", target)]),
            1 => say(ProblemDetailCodes.HubTakesOne, [("target", target), (ProblemDetailCodes.ExpectedArgument, JsonWords.Kind(expected[0].FullName!))]),
            var n => say(ProblemDetailCodes.HubTakesMany, [("target", target), ("count", n),
                ("expected", string.Join(", ", expected.Select(t => ProblemWords.Expected(JsonWords.Kind(t.FullName!), language))))]),
        };
        if (Count().Match(failure.BindingFailure.SourceException.Message) is { Success: true } count)
        {
            return say(ProblemDetailCodes.HubArgumentCount, [("takes", takes), ("given", count.Groups["given"].Value)]);
        }

        // Which argument failed, and where inside it: bind them again one by one (a failure is rare, so this costs nothing).
        if (Arguments(frame) is { } arguments)
        {
            for (var i = 0; i < Math.Min(arguments.Count, expected.Count); i++)
            {
                try
                {
                    arguments[i].Deserialize(expected[i], _payload);
                }
                catch (JsonException e)
                {
                    var error = ProblemWords.Say(JsonWords.Field(e), language);
                    return e.Path is { Length: > 1 } path
                        ? say(ProblemDetailCodes.HubArgumentAt, [("takes", takes), ("index", i + 1), ("path", path), ("error", error)])
                        : say(ProblemDetailCodes.HubArgument, [("takes", takes), ("index", i + 1), ("error", error)]);
                }
                catch (Exception e) when (e is InvalidOperationException or FormatException or NotSupportedException)
                {
                    return say(ProblemDetailCodes.HubArgumentNot,
                        [("takes", takes), ("index", i + 1), (ProblemDetailCodes.ExpectedArgument, JsonWords.Kind(expected[i].FullName!))]);
                }
            }
        }

        return say(ProblemDetailCodes.HubArgumentsMismatch, [("takes", takes)]);
    }

    private static IReadOnlyList<JsonElement>? Arguments(byte[] frame)
    {
        try
        {
            using var document = JsonDocument.Parse(frame.AsMemory(0, Array.LastIndexOf(frame, (byte)0x1E) is var end and >= 0 ? end : frame.Length));
            return document.RootElement.TryGetProperty("arguments", out var arguments) && arguments.ValueKind == JsonValueKind.Array
                ? arguments.EnumerateArray().Select(a => a.Clone()).ToList()
                : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    [GeneratedRegex(@"^Invocation provides (?<given>\d+) argument\(s\) but target expects \d+\.$")]
    private static partial Regex Count();
}

public static class ReadableHubProtocolExtensions
{
    /// <summary>In place of SignalR's JSON protocol (the one AddSignalR registers first).</summary>
    public static IServiceCollection AddReadableHubBindingErrors(this IServiceCollection services) =>
        services.Replace(ServiceDescriptor.Singleton<IHubProtocol, ReadableHubProtocol>());
}

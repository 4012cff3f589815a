using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;
using Reception.Sync.Wire;
using ActionResult = Reception.Sync.Wire.ActionResult;

namespace Reception.Web.Api;

internal static partial class OpenApiDocumentation
{
    /// <summary>
    /// A request and its answers for push, the single action and pull, made of the wire types
    /// themselves and serialized as the server serializes them, so they cannot drift from the wire.
    /// </summary>
    private sealed class AddExamples : IOpenApiOperationTransformer
    {
        /// <summary>A request as a client writes it: what it leaves unset, it leaves out.</summary>
        private static readonly JsonSerializerOptions Sent = new(WireJson.Options) { DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull };

        public Task TransformAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
        {
            switch (operation.OperationId)
            {
                case PushOperation:
                    Request(operation, Examples.Push);
                    Example(Content(operation, StatusCodes.Status200OK), Examples.Pushed);
                    break;
                case PushOneOperation:
                    Request(operation, new SingleActionRequest { Branch = Examples.Branch, Action = Examples.Call });
                    Example(Content(operation, StatusCodes.Status200OK), Examples.Called);
                    Example(Content(operation, StatusCodes.Status409Conflict), Examples.CallConflict);
                    Example(Content(operation, StatusCodes.Status422UnprocessableEntity), Examples.CallRejected);
                    Example(Content(operation, StatusCodes.Status202Accepted), Examples.CallDeferred);
                    Describe(operation, StatusCodes.Status200OK, "The result: applied, or duplicate (original holds the first result).");
                    Describe(operation, StatusCodes.Status409Conflict, "The result: conflict, with the server's current visit.");
                    Describe(operation, StatusCodes.Status422UnprocessableEntity, "The result: rejected, with the reason.");
                    Describe(operation, StatusCodes.Status202Accepted, "The result: deferred; the final result follows in the change feed.");
                    break;
                case PullOperation:
                    foreach (var parameter in operation.Parameters?.OfType<OpenApiParameter>() ?? [])
                    {
                        parameter.Example = parameter.Name switch
                        {
                            "branch" => JsonValue.Create(Examples.Branch),
                            "since" => JsonValue.Create(Examples.Since),
                            _ => parameter.Example,
                        };
                    }

                    Example(Content(operation, StatusCodes.Status200OK), Examples.Pulled);
                    break;
            }

            return Task.CompletedTask;
        }

        private static IDictionary<string, OpenApiMediaType>? Content(OpenApiOperation operation, int status) =>
            operation.Responses?.TryGetValue(status.ToString(), out var response) == true ? response.Content : null;

        private static void Describe(OpenApiOperation operation, int status, string description)
        {
            if (operation.Responses?.TryGetValue(status.ToString(), out var response) == true && response is OpenApiResponse r)
            {
                r.Description = description;
            }
        }

        private static void Request<T>(OpenApiOperation operation, T value) =>
            Example(operation.RequestBody?.Content, value, Sent);

        private static void Example<T>(IDictionary<string, OpenApiMediaType>? content, T value, JsonSerializerOptions? options = null)
        {
            if (content?.TryGetValue("application/json", out var json) == true)
            {
                json.Example = JsonSerializer.SerializeToNode(value, options ?? WireJson.Options);
            }
        }
    }

    /// <summary>One morning at the demo branch.</summary>
    private static class Examples
    {
        public const string Branch = "demo";
        public const long Since = 41;

        private static readonly Guid Client = Guid.Parse("9b0c6f2e-3a41-4d7e-9f55-1c2d3e4f5a6b");
        private static readonly Guid General = Guid.Parse("3f2b8c1e-9d4a-4c1e-8f00-0a1b2c3d4e5f");
        private static readonly Guid Desk1 = Guid.Parse("6a1d0e52-7b3c-4f8e-a2d4-5c6b7a8e9f01");
        private static readonly Guid Ada = Guid.Parse("5f1e2d3c-4b5a-4697-8877-66554433aa01");
        private static readonly Guid Grace = Guid.Parse("5f1e2d3c-4b5a-4697-8877-66554433aa02");
        private static readonly DateTime Morning = new(2026, 11, 24, 9, 30, 0, DateTimeKind.Utc);

        public static PushRequest Push => new()
        {
            Branch = Branch,
            Actions =
            [
                Action(7, ActionTypes.Register, Ada, new { serviceId = General, name = "Ada Lovelace", phone = "+44 20 7946 0000" }),
                Action(8, ActionTypes.UpdateDetails, Grace, new { phone = "+44 20 7946 0001" }) with
                {
                    Base = new ActionBase { Version = 41, Fields = new() { ["phone"] = 38 } },
                },
                Action(9, ActionTypes.CallNext, null, new { deskId = Desk1 }),
            ],
            SentAt = Morning.AddSeconds(5),
        };

        public static PushResponse Pushed => new(
        [
            new ActionResult { MutationId = 7, Status = ResultStatus.Applied, Code = 200, Version = 42, Visit = AdaWaiting },
            new ActionResult
            {
                MutationId = 8, Status = ResultStatus.Conflict, Code = 409, Visit = GraceWaiting,
                Reason = "Another desk changed phone of A-011 after you last saw it.",
                Conflicts = [new ConflictDto("phone", "+44 20 7946 0999", 40)],
            },
            new ActionResult { MutationId = 9, Status = ResultStatus.Applied, Code = 200, Version = 43, Visit = GraceCalled },
        ]);

        public static SyncAction Call => Action(10, ActionTypes.Call, Ada, new { deskId = Desk1 });

        public static ActionResult Called => new()
        {
            MutationId = 10, Status = ResultStatus.Applied, Code = 200, Version = 44, Visit = AdaCalled,
        };

        public static ActionResult CallConflict => new ActionResult
        {
            MutationId = 10, Status = ResultStatus.Conflict, Code = 409, Visit = AdaCalled with { DeskId = Guid.Parse("6a1d0e52-7b3c-4f8e-a2d4-5c6b7a8e9f02") },
            Conflicts = [new ConflictDto("status", "called", 44)],
        }.Because(Reason.Of(ReasonCodes.CalledElsewhere, ("ticket", "A-012")));

        public static ActionResult CallRejected =>
            ActionResult.Rejected(10, Reason.Of(ReasonCodes.ArgMissing, ("type", ActionTypes.Call), ("name", "deskId")));

        public static ActionResult CallDeferred =>
            new ActionResult { MutationId = 10, Status = ResultStatus.Deferred, Code = 202 }.Because(Reason.Of(ReasonCodes.Deferred));

        public static PullResponse Pulled => new()
        {
            Branch = Branch,
            FromVersion = Since,
            ToVersion = 44,
            Changes =
            [
                new ChangeDto(42, AdaWaiting, Client, 7, "desk1", Morning.AddSeconds(5)),
                new ChangeDto(43, GraceCalled, Client, 9, "desk1", Morning.AddSeconds(5)),
                new ChangeDto(44, AdaCalled, Client, 10, "desk1", Morning.AddMinutes(12)),
            ],
            Notifications =
            [
                new NotificationDto(16, NotificationKinds.Called, Grace, "A-011", Desk1, "Desk 1", "A-011 to Desk 1", 43, Morning.AddSeconds(5)),
                new NotificationDto(17, NotificationKinds.Called, Ada, "A-012", Desk1, "Desk 1", "A-012 to Desk 1", 44, Morning.AddMinutes(12)),
            ],
        };

        private static VisitDto AdaWaiting => new()
        {
            Id = Ada, Branch = Branch, ServiceId = General, Ticket = "A-012", Name = "Ada Lovelace", Phone = "+44 20 7946 0000",
            Status = "waiting", ArrivedAt = Morning, UpdatedAt = Morning.AddSeconds(5), Version = 42,
            FieldVersions = new FieldVersionsDto(42, 42, 42, 42),
        };

        private static VisitDto AdaCalled => AdaWaiting with
        {
            Status = "called", DeskId = Desk1, CalledAt = Morning.AddMinutes(12), UpdatedAt = Morning.AddMinutes(12), Version = 44,
        };

        private static VisitDto GraceCalled => GraceWaiting with
        {
            Status = "called", DeskId = Desk1, CalledAt = Morning.AddSeconds(5), UpdatedAt = Morning.AddSeconds(5), Version = 43,
        };

        private static VisitDto GraceWaiting => new()
        {
            Id = Grace, Branch = Branch, ServiceId = General, Ticket = "A-011", Name = "Grace Hopper", Phone = "+44 20 7946 0999",
            Status = "waiting", ArrivedAt = Morning.AddMinutes(-4), UpdatedAt = Morning.AddMinutes(-1), Version = 40,
            FieldVersions = new FieldVersionsDto(35, 40, 35, 35),
        };

        private static SyncAction Action(long mutationId, string type, Guid? visitId, object args) => new()
        {
            ClientId = Client, MutationId = mutationId, Type = type, VisitId = visitId,
            Args = JsonSerializer.SerializeToElement(args, WireJson.Options),
        };
    }
}

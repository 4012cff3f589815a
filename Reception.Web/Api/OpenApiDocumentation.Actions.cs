using System.Globalization;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;
using Reception.Sync.Apply;
using Reception.Sync.Merge;
using Reception.Sync.Wire;

namespace Reception.Web.Api;

internal static partial class OpenApiDocumentation
{
    /// <summary>Which visit an action names.</summary>
    private enum Target
    {
        /// <summary>An existing visit.</summary>
        Visit,

        /// <summary>A new visit: an id the client makes.</summary>
        NewVisit,

        /// <summary>None: the server picks (visitId absent or null).</summary>
        None,
    }

    /// <summary>One action type as ActionParser reads it: which visit, which args, and (for a move) which status rule.</summary>
    private sealed record ActionVariant(string Type, Target Target, string Args, string Does, TransitionKind? Move = null)
    {
        public string Schema => char.ToUpperInvariant(Type[0]) + Type[1..] + "Action";
    }

    private static readonly ActionVariant[] ActionVariants =
    [
        new(ActionTypes.Register, Target.NewVisit, "RegisterArgs", "Registers a visitor: a new visit, waiting in the service's queue."),
        new(ActionTypes.UpdateDetails, Target.Visit, "UpdateDetailsArgs",
            "Changes some of the visit's details. base.version and, per changed field, base.fields say what you last saw: " +
            "a field another desk changed since then is a conflict, the others still apply."),
        new(ActionTypes.Call, Target.Visit, "DeskArgs", "Calls a waiting visitor to the desk.", TransitionKind.Call),
        new(ActionTypes.CallNext, Target.None, "CallNextArgs",
            "Calls the next waiting visitor of the desk's services (or of serviceIds): the server picks, atomically, so two desks never call the same visitor."),
        new(ActionTypes.Recall, Target.Visit, "DeskArgs", "Calls a called visitor again.", TransitionKind.Recall),
        new(ActionTypes.StartService, Target.Visit, "DeskArgs", "Starts serving a called visitor at the desk.", TransitionKind.StartService),
        new(ActionTypes.Complete, Target.Visit, "NoArgs", "Marks the visit done.", TransitionKind.Complete),
        new(ActionTypes.NoShow, Target.Visit, "NoArgs", "Marks the visitor as not having come.", TransitionKind.NoShow),
        new(ActionTypes.Cancel, Target.Visit, "NoArgs", "Cancels the visit.", TransitionKind.Cancel),
        new(ActionTypes.Requeue, Target.Visit, "NoArgs", "Returns a called visitor to the queue.", TransitionKind.Requeue),
        new(ActionTypes.Transfer, Target.Visit, "TransferArgs", "Moves the visit to another service's queue.", TransitionKind.Transfer),
        new(ActionTypes.Reinstate, Target.Visit, "NoArgs",
            "Puts a no-show or cancelled visitor back in the queue, with the same ticket, at the back of the line as of now; " +
            "only on the day of the ticket (else rejected, reasonCode reinstate-other-day; a done visit: reinstate-done).",
            TransitionKind.Reinstate),
        new(ActionTypes.Postpone, Target.Visit, "NoArgs",
            "Moves a waiting visitor back in their line by the branch's number of places, once (\"I need a few more minutes\" on the status page); rejected where the branch does not allow it or when already used."),
    ];

    /// <summary>
    /// SyncAction: what every action carries (clientId, mutationId, type), and per type (oneOf,
    /// discriminated by type) what its visitId, base and args must be, with ActionParser's limits.
    /// </summary>
    private sealed class DescribeActions : IOpenApiDocumentTransformer
    {
        public Task TransformAsync(OpenApiDocument document, OpenApiDocumentTransformerContext context, CancellationToken cancellationToken)
        {
            var schemas = document.Components!.Schemas!;
            foreach (var (name, args) in ArgsSchemas())
            {
                schemas[name] = args;
            }

            schemas["EditBase"] = EditBase(document);
            DescribeBase(Schema(document, nameof(ActionBase)));
            var action = Schema(document, nameof(SyncAction));
            action.Description = "One action (docs/protocol.md, \"Actions\", in the Reception repository). What visitId, base and args must be depends on type: see the schema of each type.";
            action.Required = new HashSet<string> { "clientId", "mutationId", "type" };
            Member(action, "clientId").Description =
                "This browser profile's or device's id: a random GUID made once and kept. It belongs to the login or API client that used it first.";
            var mutation = Member(action, "mutationId");
            mutation.Minimum = "1";
            mutation.Description = "1 for the client's first action, one more for each next one. An id already applied is answered as a duplicate.";
            var type = (OpenApiSchema)(action.Properties!["type"] = NotNull(action.Properties["type"]));
            type.Enum = Values(ActionTypes.All);
            Describe(action, "visitId", "The visit the action is about; null or absent for callNext.");
            Describe(action, "base", "What the client last saw of the visit; updateDetails needs it.");
            // Any JSON here; each type's schema says which object.
            action.Properties["args"] = new OpenApiSchema { Description = "The type's arguments: see the schema of each type." };
            schemas.Remove("JsonElement");

            foreach (var variant in ActionVariants)
            {
                schemas[variant.Schema] = Variant(variant, action, document);
            }

            action.OneOf = [.. ActionVariants.Select(v => (IOpenApiSchema)new OpenApiSchemaReference(v.Schema, document))];
            action.Discriminator = new OpenApiDiscriminator
            {
                PropertyName = "type",
                Mapping = ActionVariants.ToDictionary(v => v.Type, v => new OpenApiSchemaReference(v.Schema, document)),
            };
            return Task.CompletedTask;
        }

        /// <summary>
        /// A whole action of one type, the common members included: generators that read a oneOf as
        /// "one of these classes" (Kiota, NSwag) then still give each class clientId and mutationId.
        /// </summary>
        private static OpenApiSchema Variant(ActionVariant variant, OpenApiSchema action, OpenApiDocument document)
        {
            var schema = new OpenApiSchema
            {
                Type = JsonSchemaType.Object,
                Description = variant.Does + (variant.Move is { } move ? FromTo(move) : ""),
                Required = new HashSet<string> { "clientId", "mutationId", "type" },
                Properties = new Dictionary<string, IOpenApiSchema>
                {
                    ["clientId"] = action.Properties!["clientId"],
                    ["mutationId"] = action.Properties["mutationId"],
                    ["type"] = new OpenApiSchema { Type = JsonSchemaType.String, Enum = Values([variant.Type]) },
                    ["visitId"] = variant.Target switch
                    {
                        Target.None => new OpenApiSchema { Type = JsonSchemaType.Null, Description = "Leave it out (or null): the server picks." },
                        Target.NewVisit => Id("A new id for the visit, made by the client (a random GUID)."),
                        _ => Id("The visit's id."),
                    },
                    ["args"] = new OpenApiSchemaReference(variant.Args, document),
                },
            };
            if (variant.Target != Target.None)
            {
                schema.Required.Add("visitId");
            }

            if (variant.Args != "NoArgs")
            {
                schema.Required.Add("args");
            }

            if (variant.Type == ActionTypes.UpdateDetails)
            {
                schema.Properties["base"] = new OpenApiSchemaReference("EditBase", document);
                schema.Required.Add("base");
            }
            else
            {
                schema.Properties["base"] = action.Properties["base"];
            }

            return schema;
        }

        private static string FromTo(TransitionKind move)
        {
            var rule = StatusMachine.Rules[move];
            return $" From {string.Join(" or ", rule.From.Select(StatusNames.Of))} to {StatusNames.Of(rule.To)}.";
        }

        private static void DescribeBase(OpenApiSchema schema)
        {
            var version = Member(schema, "version");
            version.Minimum = "0";
            version.Description = "The visit's version when the client last saw it.";
            var fields = Member(schema, "fields");
            fields.PropertyNames = new OpenApiSchema { Type = JsonSchemaType.String, Enum = Values(EditableFields) };
            fields.Description = "Per field the action changes, the version that set the value the client last saw (the visit's fieldVersions).";
        }

        private static OpenApiSchema EditBase(OpenApiDocument document) => new()
        {
            Type = JsonSchemaType.Object,
            Description = "base of updateDetails: version is required.",
            Required = new HashSet<string> { "version" },
            Properties = new Dictionary<string, IOpenApiSchema>
            {
                ["version"] = new OpenApiSchema { Type = JsonSchemaType.Integer, Format = "int64", Minimum = "0" },
                ["fields"] = new OpenApiSchema
                {
                    Type = JsonSchemaType.Object | JsonSchemaType.Null,
                    PropertyNames = new OpenApiSchema { Type = JsonSchemaType.String, Enum = Values(EditableFields) },
                    AdditionalProperties = new OpenApiSchema { Type = JsonSchemaType.Integer, Format = "int64" },
                },
            },
        };

        /// <summary>The args of each type, with ActionParser's limits; it refuses members it does not know.</summary>
        private static IEnumerable<(string Name, OpenApiSchema Schema)> ArgsSchemas()
        {
            yield return ("RegisterArgs", Args("register's args.", ["serviceId", "name"],
                ("serviceId", Id("The service whose queue the visitor joins.")),
                ("name", Text(ActionParser.MaxName, nullable: false, "The visitor's name (trimmed; not empty).")),
                ("phone", Text(ActionParser.MaxPhone, nullable: true, "The visitor's phone number.")),
                ("notes", Text(ActionParser.MaxNotes, nullable: true, "Notes for the desks; may span lines.")),
                ("priority", PrioritySchema()),
                ("arrivedAt", Time("When the visitor arrived, by the client's clock; the server clamps it between the client's last contact and now.")),
                ("ticket", new OpenApiSchema
                {
                    Type = JsonSchemaType.Integer | JsonSchemaType.Null, Format = "int32", Minimum = "1",
                    Maximum = ActionParser.MaxTicket.ToString(CultureInfo.InvariantCulture),
                    Description = "A ticket number the client leased for this service (shown to the visitor while offline).",
                })));

            var edit = Args("updateDetails' args: the fields that change, at least one.", [],
                ("name", Text(ActionParser.MaxName, nullable: false, "The visitor's name (trimmed; not empty).")),
                ("phone", Text(ActionParser.MaxPhone, nullable: true, "The phone number; null clears it.")),
                ("notes", Text(ActionParser.MaxNotes, nullable: true, "The notes; null clears them.")),
                ("priority", PrioritySchema()));
            edit.MinProperties = 1;
            yield return ("UpdateDetailsArgs", edit);

            yield return ("DeskArgs", Args("args of call, recall and startService.", ["deskId"], ("deskId", Id("The desk (a Desk login acts only at its own)."))));
            yield return ("CallNextArgs", Args("callNext's args.", ["deskId"],
                ("deskId", Id("The desk that calls (a Desk login acts only at its own).")),
                ("serviceIds", new OpenApiSchema
                {
                    Type = JsonSchemaType.Array | JsonSchemaType.Null, Items = Id(null),
                    Description = "The services to call from; absent: the desk's own services.",
                }),
                ("queuedAt", Time("When the button was pressed, by the client's clock. With the push's sentAt it lets the server refuse a callNext that waited too long."))));
            yield return ("TransferArgs", Args("transfer's args.", ["serviceId"], ("serviceId", Id("The service whose queue the visit moves to."))));
            var none = Args("None: leave args out, or send null or an empty object.", []);
            none.Type |= JsonSchemaType.Null;
            yield return ("NoArgs", none);
        }

        private static OpenApiSchema Args(string description, string[] required, params (string Name, OpenApiSchema Schema)[] members) => new()
        {
            Type = JsonSchemaType.Object,
            Description = description,
            Required = new HashSet<string>(required),
            Properties = members.ToDictionary(m => m.Name, m => (IOpenApiSchema)m.Schema),
            AdditionalPropertiesAllowed = false,
        };

        private static OpenApiSchema Id(string? description) =>
            new() { Type = JsonSchemaType.String, Format = "uuid", Description = description };

        private static OpenApiSchema Time(string description) =>
            new() { Type = JsonSchemaType.String | JsonSchemaType.Null, Format = "date-time", Description = description };

        private static OpenApiSchema Text(int maxLength, bool nullable, string description) => new()
        {
            Type = nullable ? JsonSchemaType.String | JsonSchemaType.Null : JsonSchemaType.String,
            MinLength = nullable ? null : 1,
            MaxLength = maxLength,
            Description = $"{description} At most {maxLength} characters, after trimming.",
        };

        private static OpenApiSchema PrioritySchema()
        {
            var schema = new OpenApiSchema { Type = JsonSchemaType.Integer, Format = "int32" };
            Priority(schema);
            return schema;
        }
    }
}

using System.Text.Json;
using System.Text.Json.Serialization;

namespace LogPipe.Tests.Reporting;

/// <summary>Serialises a parsed element back to compact JSON for comparisons, without reflection.</summary>
[JsonSerializable(typeof(JsonElement))]
internal sealed partial class JsonContext : JsonSerializerContext;

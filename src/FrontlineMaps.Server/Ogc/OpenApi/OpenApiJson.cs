using System.Text.Json.Nodes;

namespace FrontlineMaps.Server.Ogc.OpenApi;

/// <summary>Small builders of OpenAPI 3.0 JSON fragments (schemas, parameters, responses), parsed into the model by the transformers.</summary>
internal static class OpenApiJson
{
    internal const string Problem = "application/problem+json";
    internal const string JsonType = "application/json";
    internal const string IdPattern = "^[A-Za-z0-9][A-Za-z0-9._:-]{0,119}$";
    internal const string DatePattern = @"^\d{4}-\d{2}-\d{2}$";

    internal static JsonObject Path(params (string Method, JsonObject Operation)[] operations)
    {
        var item = new JsonObject();
        foreach (var (method, operation) in operations) item[method] = operation;
        return item;
    }

    internal static JsonObject Op(string operationId, string summary, string tag, JsonNode[] parameters, JsonObject responses, string? description = null)
    {
        var op = new JsonObject
        {
            ["operationId"] = operationId,
            ["summary"] = summary,
            ["tags"] = new JsonArray(tag),
            ["parameters"] = new JsonArray(parameters),
            ["responses"] = responses,
        };
        if (description is not null) op["description"] = description;
        return op;
    }

    internal static JsonObject Responses(params (string Status, JsonObject Response)[] responses)
    {
        var o = new JsonObject();
        foreach (var (status, response) in responses) o[status] = response;
        return o;
    }

    internal static (string, JsonObject) Ok(string description, params (string Type, JsonObject Schema)[] types)
    {
        var content = new JsonObject();
        foreach (var (type, schema) in types) content[type] = new JsonObject { ["schema"] = schema };
        return ("200", new JsonObject { ["description"] = description, ["content"] = content });
    }

    internal static (string, JsonObject) Html() => (OgcHttp.Html, new JsonObject { ["type"] = "string" });

    internal static JsonObject Param(string name, string @in, string description, JsonObject schema, bool required = false, string? style = null, bool? explode = null)
    {
        var p = new JsonObject { ["name"] = name, ["in"] = @in, ["description"] = description, ["required"] = required, ["schema"] = schema };
        if (style is not null) p["style"] = style;
        if (explode is { } e) p["explode"] = e;
        return p;
    }

    internal static JsonObject Header(string description, bool integer = false) =>
        new() { ["description"] = description, ["schema"] = new JsonObject { ["type"] = integer ? "integer" : "string" } };

    internal static JsonObject Ref(string parameter) => new() { ["$ref"] = $"#/components/parameters/{parameter}" };

    internal static JsonObject SchemaRef(string schema) => new() { ["$ref"] = $"#/components/schemas/{schema}" };

    internal static JsonObject Obj(params (string Name, JsonNode Schema)[] properties)
    {
        var props = new JsonObject();
        foreach (var (name, schema) in properties) props[name] = schema;
        return new JsonObject { ["type"] = "object", ["properties"] = props };
    }

    /// <summary>An object schema of an answer that always carries every member (null where nullable).</summary>
    internal static JsonObject Rec(params (string Name, JsonNode Schema)[] properties) =>
        properties.Length == 0 ? Obj() : Required(Obj(properties), [.. properties.Select(p => p.Name)]);

    internal static JsonObject Required(JsonObject schema, params string[] names)
    {
        schema["required"] = new JsonArray(names.Select(n => (JsonNode)JsonValue.Create(n)!).ToArray());
        return schema;
    }

    /// <summary>An object schema that refuses unknown members, as the record readers do (422 naming the member).</summary>
    internal static JsonObject Strict(string[] required, params (string Name, JsonNode Schema)[] properties)
    {
        var o = Obj(properties);
        if (required.Length > 0) o["required"] = new JsonArray(required.Select(r => (JsonNode)JsonValue.Create(r)!).ToArray());
        o["additionalProperties"] = false;
        return o;
    }

    internal static JsonObject Str(string? description = null, int? minLength = null, bool nullable = false)
    {
        var s = new JsonObject { ["type"] = "string" };
        if (minLength is { } m) s["minLength"] = m;
        if (nullable) s["nullable"] = true;
        if (description is not null) s["description"] = description;
        return s;
    }

    internal static JsonObject Id(string? description)
    {
        var s = new JsonObject { ["type"] = "string", ["pattern"] = IdPattern };
        s["description"] = "1 to 120 letters, digits and . _ : - (starting with a letter or digit); unique." + (description is null ? "" : " " + description);
        return s;
    }

    internal static JsonObject Date(string? description = null, bool nullable = false)
    {
        var s = new JsonObject { ["type"] = "string", ["format"] = "date", ["pattern"] = DatePattern };
        if (nullable) s["nullable"] = true;
        if (description is not null) s["description"] = description;
        return s;
    }

    internal static JsonObject Int() => new() { ["type"] = "integer" };

    internal static JsonObject Num() => new() { ["type"] = "number" };

    internal static JsonObject Arr(JsonNode items, string? description = null)
    {
        var a = new JsonObject { ["type"] = "array", ["items"] = items };
        if (description is not null) a["description"] = description;
        return a;
    }

    internal static JsonObject Enum(string? description, params string[] values)
    {
        var e = new JsonObject { ["type"] = "string", ["enum"] = new JsonArray(values.Select(v => (JsonNode)JsonValue.Create(v)!).ToArray()) };
        if (description is not null) e["description"] = description;
        return e;
    }
}

namespace ServerlessLoad.Storage;

public enum TableUpdateMode
{
    /// <summary>The stored entity becomes exactly the given one (properties not given are removed).</summary>
    Replace,

    /// <summary>The given properties are written over the stored ones; others are kept.</summary>
    Merge,
}

public enum TableOperationKind
{
    Insert,
    UpsertReplace,
    UpsertMerge,
    UpdateReplace,
    UpdateMerge,
    Delete,
}

/// <summary>
/// One operation of an entity-group transaction. For updates and deletes the condition is <paramref name="ETag"/>,
/// else the entity's ETag, else "*" (any version, but the entity must exist).
/// </summary>
public sealed record TableOperation(TableOperationKind Kind, TableEntity Entity, string? ETag = null)
{
    internal string IfMatch => ETag ?? Entity.ETag ?? "*";
}

/// <summary>One page of a query; pass ContinuationToken back to get the next page (null when there is none).</summary>
public sealed record TablePage(IReadOnlyList<TableEntity> Entities, string? ContinuationToken);

using System.Data.Common;

namespace Tessera.Platform.Persistence;

/// <summary>
/// Builds a parameterised command; parameters are written <c>@name</c> in the SQL on every dialect. On
/// SQLite the command is the connection's kept, already prepared one for the same SQL text.
/// </summary>
public static class SqlCommand
{
    public static DbCommand Create(DbConnection connection, DbTransaction? transaction, string sql, params (string Name, object Value)[] parameters)
    {
        ArgumentNullException.ThrowIfNull(connection);
        DbCommand command;
        var pooled = connection as PooledSqliteConnection;
        if (pooled is not null)
        {
            command = pooled.Command(sql, transaction);
        }
        else
        {
            command = connection.CreateCommand();
            command.CommandText = sql;
            command.Transaction = transaction;
        }

        foreach (var (name, value) in parameters)
        {
            var parameter = command.CreateParameter();
            parameter.ParameterName = pooled is null ? name : SqliteParameterName(name);
            parameter.Value = value;
            command.Parameters.Add(parameter);
        }

        return command;
    }

    /// <summary>
    /// Microsoft.Data.Sqlite looks a parameter up by its name as given and then once per prefix (":",
    /// "@", "$"), converting the name to UTF-8 and scanning the statement's names each time; given with
    /// its "@" it is found on the first look.
    /// </summary>
    private static string SqliteParameterName(string name) => name.StartsWith('@') ? name : "@" + name;
}

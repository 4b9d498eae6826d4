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
        if (connection is PooledSqliteConnection pooled)
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
            parameter.ParameterName = name;
            parameter.Value = value;
            command.Parameters.Add(parameter);
        }

        return command;
    }
}

package com.crm.integrations.testing.support;

import com.crm.integrations.testing.postgres.PostgresCluster;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;

/** Plain JDBC against a launched cluster. */
public final class Jdbc {

    private Jdbc() {
    }

    public static Connection connect(String host, int port, String database, String user, String password) throws SQLException {
        Properties properties = new Properties();
        properties.setProperty("user", user);
        properties.setProperty("password", password);
        properties.setProperty("connectTimeout", "5");
        return DriverManager.getConnection("jdbc:postgresql://" + host + ":" + port + "/" + database, properties);
    }

    public static Connection connect(PostgresCluster cluster) throws SQLException {
        return connect(cluster.host(), cluster.port(), cluster.database(), cluster.username(), cluster.password());
    }

    public static void execute(PostgresCluster cluster, String sql) throws SQLException {
        try (Connection connection = connect(cluster); Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    public static String queryString(PostgresCluster cluster, String sql) throws SQLException {
        try (Connection connection = connect(cluster); Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery(sql)) {
            return rows.next() ? rows.getString(1) : null;
        }
    }

    public static boolean canConnect(PostgresCluster cluster) {
        try (Connection connection = connect(cluster)) {
            return connection.isValid(2);
        } catch (SQLException e) {
            return false;
        }
    }
}

package dev.arbiter.sql.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * The example database {@code examples/sql/shop.sqlite}, as a deterministic SQL script: customers, products, orders
 * and order items, a few hundred rows, with NULL cities, repeated names, names that differ only in case, and real
 * prices. The test {@code ExampleFilesTest} builds the file from this script and checks the checked-in copy against
 * it. Pure: the same script every call.
 */
public final class ExampleShop {
    public static final List<String> CITIES = List.of("Paris", "Berlin", "Lisbon", "Oslo", "Madrid", "Rome", "Vienna");
    public static final List<String> CATEGORIES = List.of("books", "garden", "kitchen", "toys", "office", "sports");
    public static final List<String> STATUSES = List.of("shipped", "pending", "cancelled", "returned");
    static final List<String> FIRST = List.of("Ana", "Ben", "Chloe", "Dan", "Eva", "Finn", "Gia", "Hugo", "Ines", "Jon",
            "Kai", "Lea", "Max", "Nia", "Omar", "Pia");
    static final List<String> LAST = List.of("Berg", "Costa", "Dahl", "Eriksen", "Fischer", "Garcia", "Holm", "Ivanova");
    static final List<String> NOUNS = List.of("lamp", "pen", "chair", "kettle", "ball", "novel", "rake", "mug", "desk",
            "kite", "atlas", "hose", "bowl", "puzzle", "stapler");
    public static final int CUSTOMERS = 120;
    public static final int PRODUCTS = 60;
    public static final int ORDERS = 500;

    private ExampleShop() {
    }

    /** The statements that create and fill the database, in order. */
    public static List<String> script() {
        Random rnd = new Random(20240607L);
        List<String> out = new ArrayList<>();
        out.add("CREATE TABLE customers (id INTEGER PRIMARY KEY, name TEXT NOT NULL, city TEXT, joined TEXT NOT NULL)");
        out.add("CREATE TABLE products (id INTEGER PRIMARY KEY, name TEXT NOT NULL, category TEXT NOT NULL, price REAL NOT NULL)");
        out.add("CREATE TABLE orders (id INTEGER PRIMARY KEY, customer_id INTEGER NOT NULL REFERENCES customers(id), "
                + "ordered_on TEXT NOT NULL, status TEXT NOT NULL)");
        out.add("CREATE TABLE order_items (order_id INTEGER NOT NULL REFERENCES orders(id), "
                + "product_id INTEGER NOT NULL REFERENCES products(id), quantity INTEGER NOT NULL)");
        for (int i = 1; i <= CUSTOMERS; i++) {
            String name = FIRST.get(rnd.nextInt(FIRST.size())) + " " + LAST.get(rnd.nextInt(LAST.size()));
            if (i % 17 == 0) {
                name = name.toLowerCase(Locale.ROOT);
            }
            String city = i % 11 == 0 ? "NULL" : "'" + CITIES.get(rnd.nextInt(CITIES.size())) + "'";
            String joined = String.format(Locale.ROOT, "'20%02d-%02d-%02d'", 19 + rnd.nextInt(6), 1 + rnd.nextInt(12),
                    1 + rnd.nextInt(28));
            out.add("INSERT INTO customers VALUES (" + i + ", '" + name + "', " + city + ", " + joined + ")");
        }
        for (int i = 1; i <= PRODUCTS; i++) {
            String cat = CATEGORIES.get(rnd.nextInt(CATEGORIES.size()));
            String name = NOUNS.get(rnd.nextInt(NOUNS.size())) + " " + (char) ('A' + rnd.nextInt(6));
            double price = Math.round((1 + rnd.nextDouble() * 120) * 100) / 100.0;
            out.add("INSERT INTO products VALUES (" + i + ", '" + name + "', '" + cat + "', " + price + ")");
        }
        for (int i = 1; i <= ORDERS; i++) {
            int customer = 1 + rnd.nextInt(CUSTOMERS - 20);  // the last 20 customers never order
            String date = String.format(Locale.ROOT, "'2024-%02d-%02d'", 1 + rnd.nextInt(12), 1 + rnd.nextInt(28));
            String status = STATUSES.get(rnd.nextInt(STATUSES.size()));
            out.add("INSERT INTO orders VALUES (" + i + ", " + customer + ", " + date + ", '" + status + "')");
            int lines = 1 + rnd.nextInt(4);
            for (int l = 0; l < lines; l++) {
                out.add("INSERT INTO order_items VALUES (" + i + ", " + (1 + rnd.nextInt(PRODUCTS)) + ", "
                        + (1 + rnd.nextInt(5)) + ")");
            }
        }
        return out;
    }
}

package dev.arbiter.sql.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * (question, gold, prediction) triples over {@link ExampleShop}, for the benchmark and the example rollouts. Each
 * prompt gets a group of predictions, as a GRPO step scores several rollouts of one prompt: the gold itself, an
 * equivalent rewrite, a near miss that returns a different result, and a query that fails in SQLite. Deterministic for
 * a given seed.
 */
public final class ExamplePairs {
    private ExamplePairs() {
    }

    /** What a prediction is, and so what execution accuracy must give it. */
    public enum Kind { EXACT, EQUIVALENT, WRONG, ERROR }

    /** One gold/prediction pair. {@code expectedMatch} holds for {@code EXACT} and {@code EQUIVALENT}. */
    public record Pair(String question, String gold, String predicted, Kind kind) {
        public boolean expectedMatch() {
            return kind == Kind.EXACT || kind == Kind.EQUIVALENT;
        }
    }

    private record Prompt(String question, String gold, String equivalent, String wrong, String error) {
    }

    /** {@code count} pairs: prompts drawn with {@code seed}, {@code groupSize} predictions each (kinds in rotation). */
    public static List<Pair> generate(int count, int groupSize, long seed) {
        Random rnd = new Random(seed);
        List<Pair> out = new ArrayList<>(count);
        Kind[] kinds = Kind.values();
        while (out.size() < count) {
            Prompt p = prompt(rnd);
            for (int k = 0; k < groupSize && out.size() < count; k++) {
                Kind kind = kinds[k % kinds.length];
                String pred = switch (kind) {
                    case EXACT -> p.gold();
                    case EQUIVALENT -> p.equivalent();
                    case WRONG -> p.wrong();
                    case ERROR -> p.error();
                };
                out.add(new Pair(p.question(), p.gold(), pred, kind));
            }
        }
        return out;
    }

    private static Prompt prompt(Random rnd) {
        String city = pick(rnd, ExampleShop.CITIES);
        String cat = pick(rnd, ExampleShop.CATEGORIES);
        String status = pick(rnd, ExampleShop.STATUSES);
        int price = 10 + 5 * rnd.nextInt(20);
        int month = 1 + rnd.nextInt(12);
        int top = 3 + rnd.nextInt(5);
        return switch (rnd.nextInt(9)) {
            case 0 -> new Prompt("How many customers live in " + city + "?",
                    "SELECT count(*) FROM customers WHERE city = '" + city + "'",
                    "SELECT count(id) FROM customers AS c WHERE c.city IN ('" + city + "')",
                    "SELECT count(*) FROM customers WHERE city <> '" + city + "'",
                    "SELECT count(*) FROM customer WHERE city = '" + city + "'");
            case 1 -> new Prompt("Which " + cat + " products cost less than " + price + "?",
                    "SELECT name FROM products WHERE category = '" + cat + "' AND price < " + price,
                    "SELECT p.name FROM products p WHERE p.price < " + price + " AND p.category = '" + cat + "' ORDER BY p.name",
                    "SELECT name FROM products WHERE category = '" + cat + "' AND price <= " + (price + 40),
                    "SELECT name FROM products WHERE categry = '" + cat + "' AND price < " + price);
            case 2 -> new Prompt("How many units of each " + cat + " product were ordered?",
                    "SELECT p.name, SUM(oi.quantity) FROM products p JOIN order_items oi ON oi.product_id = p.id "
                            + "WHERE p.category = '" + cat + "' GROUP BY p.name",
                    "SELECT name, total FROM (SELECT p.name AS name, sum(quantity) AS total FROM order_items "
                            + "JOIN products p ON p.id = order_items.product_id WHERE p.category = '" + cat + "' GROUP BY 1)",
                    "SELECT p.name, COUNT(oi.quantity) FROM products p JOIN order_items oi ON oi.product_id = p.id "
                            + "WHERE p.category = '" + cat + "' GROUP BY p.name",
                    "SELECT p.name, SUM(oi.quantity) FROM products p JOIN order_items oi ON oi.product_id = p.id "
                            + "WHERE p.category = '" + cat + "' GROUP p.name");
            case 3 -> new Prompt("Who are the " + top + " customers with the most orders?",
                    "SELECT c.name, COUNT(*) AS n FROM customers c JOIN orders o ON o.customer_id = c.id "
                            + "GROUP BY c.id ORDER BY n DESC, c.id LIMIT " + top,
                    "SELECT name, cnt FROM customers JOIN (SELECT customer_id, count(*) AS cnt FROM orders GROUP BY "
                            + "customer_id) t ON t.customer_id = customers.id ORDER BY cnt DESC, customers.id LIMIT " + top,
                    "SELECT c.name, COUNT(*) AS n FROM customers c JOIN orders o ON o.customer_id = c.id "
                            + "GROUP BY c.id ORDER BY n ASC, c.id LIMIT " + top,
                    "SELECT c.name, COUNT(*) AS n FROM customers c JOIN orders o ON o.customer_id = c.id "
                            + "GROUP BY c.id ORDER BY n DESC LIMIT " + top + " OFFSET");
            case 4 -> new Prompt("What is the average price per category?",
                    "SELECT category, AVG(price) FROM products GROUP BY category",
                    "SELECT category, SUM(price) / COUNT(*) FROM products GROUP BY category",
                    "SELECT category, AVG(price) FROM products WHERE price > " + price + " GROUP BY category",
                    "SELECT category, AVERAGE(price) FROM products GROUP BY category");
            case 5 -> new Prompt("How many " + status + " orders were placed in month " + month + " of 2024?",
                    "SELECT count(*) FROM orders WHERE status = '" + status + "' AND strftime('%m', ordered_on) = '"
                            + String.format(Locale.ROOT, "%02d", month) + "'",
                    "SELECT count(*) FROM orders WHERE status = '" + status + "' AND ordered_on BETWEEN '2024-"
                            + String.format(Locale.ROOT, "%02d", month) + "-01' AND '2024-"
                            + String.format(Locale.ROOT, "%02d", month) + "-31'",
                    "SELECT count(*) FROM orders WHERE status = '" + status + "'",
                    "SELECT count(*) FROM orders WHERE status = '" + status + "' AND month(ordered_on) = " + month);
            case 6 -> new Prompt("Which customers have never ordered?",
                    "SELECT name FROM customers WHERE id NOT IN (SELECT customer_id FROM orders)",
                    "SELECT c.name FROM customers c LEFT JOIN orders o ON o.customer_id = c.id WHERE o.id IS NULL",
                    "SELECT name FROM customers WHERE id IN (SELECT customer_id FROM orders)",
                    "SELECT name FROM customers WHERE id NOT IN (SELECT customer_id FROM orders");
            case 7 -> new Prompt("Which customers have no city on record?",
                    "SELECT name FROM customers WHERE city IS NULL",
                    "SELECT name FROM customers WHERE coalesce(city, '') = ''",
                    "SELECT name FROM customers WHERE city = NULL",
                    "SELECT name FROM customers WHERE city IS NULL AND");
            default -> new Prompt("What did customers in " + city + " spend on " + cat + "?",
                    "SELECT round(SUM(p.price * oi.quantity), 2) FROM customers c JOIN orders o ON o.customer_id = c.id "
                            + "JOIN order_items oi ON oi.order_id = o.id JOIN products p ON p.id = oi.product_id "
                            + "WHERE c.city = '" + city + "' AND p.category = '" + cat + "'",
                    "SELECT round(total, 2) FROM (SELECT sum(price * quantity) AS total FROM order_items oi, products p, "
                            + "orders o, customers c WHERE p.id = oi.product_id AND o.id = oi.order_id AND c.id = o.customer_id "
                            + "AND p.category = '" + cat + "' AND c.city = '" + city + "')",
                    "SELECT round(SUM(p.price), 2) FROM customers c JOIN orders o ON o.customer_id = c.id "
                            + "JOIN order_items oi ON oi.order_id = o.id JOIN products p ON p.id = oi.product_id "
                            + "WHERE c.city = '" + city + "' AND p.category = '" + cat + "'",
                    "SELECT round(SUM(p.price * oi.quantity), 2) FROM customers c JOIN orders o ON o.customer_id = c.id "
                            + "JOIN order_items oi ON oi.order_id = o.id JOIN products p ON p.id = oi.product_id "
                            + "WHERE c.city = '" + city + "' AND p.category = '" + cat + "' AND o.total > 0");
        };
    }

    private static String pick(Random rnd, List<String> xs) {
        return xs.get(rnd.nextInt(xs.size()));
    }
}

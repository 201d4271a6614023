package io.sluice.serde.avro;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/** A plain Java class for the reflect data model. Avro reflection needs the no-arg constructor. */
public final class ReflectOrder {
    private long id;
    private String customer;
    private double amount;
    private List<String> skus = new ArrayList<>();

    ReflectOrder() {}

    ReflectOrder(long id, String customer, double amount, List<String> skus) {
        this.id = id;
        this.customer = customer;
        this.amount = amount;
        this.skus = new ArrayList<>(skus);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ReflectOrder r
                && r.id == id
                && r.customer.equals(customer)
                && Double.compare(r.amount, amount) == 0
                && r.skus.equals(skus);
    }

    @Override
    public int hashCode() {
        return Objects.hash(id, customer, amount, skus);
    }

    @Override
    public String toString() {
        return "ReflectOrder{" + id + ", " + customer + ", " + amount + ", " + skus + "}";
    }
}

package dev.assay.platform.identity;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.PrePersist;
import jakarta.persistence.Table;
import java.time.Instant;

/** A REST credential scoped to one role. Only its prefix and the SHA-256 of the whole key are kept. */
@Entity
@Table(name = "api_key")
public class ApiKey extends PanacheEntityBase {
  @Id
  @GeneratedValue(strategy = GenerationType.IDENTITY)
  public Long id;

  @Column(name = "key_prefix", nullable = false, unique = true)
  public String prefix;

  @Column(name = "secret_hash", nullable = false)
  public String secretHash;

  @Column(nullable = false)
  public String role;

  @Column(nullable = false)
  public String owner;

  public String label;

  /** Set in Java on persist, so the 201 answer to a create already carries it. */
  @Column(name = "created_at", updatable = false)
  public Instant createdAt;

  @Column(name = "revoked_at")
  public Instant revokedAt;

  @PrePersist
  void stampCreation() {
    if (createdAt == null) {
      createdAt = Instant.now();
    }
  }
}

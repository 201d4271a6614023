package io.sluice.serde.avro;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/** The layering of ARCHITECTURE.md section 1 and of this module's package-info files. */
@AnalyzeClasses(
        packages = "io.sluice.serde.avro",
        importOptions = {ImportOption.DoNotIncludeTests.class, ImportOption.DoNotIncludeJars.class})
class LayeringTest {

    @ArchTest
    static final ArchRule onlyTheClientSerdeContractFromMqCore = noClasses()
            .should()
            .dependOnClassesThat(resideInAPackage("io.sluice.mq..")
                    .and(not(resideInAnyPackage(
                            "io.sluice.mq.client..", "io.sluice.mq.common..", "io.sluice.mq.protocol.."))));

    @ArchTest
    static final ArchRule formatIsALeaf = classes()
            .that()
            .resideInAPackage("io.sluice.serde.avro.format..")
            .should()
            .onlyDependOnClassesThat()
            .resideInAnyPackage("java..", "org.apache.avro..", "io.sluice.serde.avro.format..");

    @ArchTest
    static final ArchRule registryUsesOnlyTheBaseExceptionFromTheRootPackage = classes()
            .that()
            .resideInAPackage("io.sluice.serde.avro.registry..")
            .should()
            .onlyDependOnClassesThat(resideInAnyPackage(
                            "java..",
                            "org.apache.avro..",
                            "io.sluice.serde.avro.registry..",
                            "io.sluice.serde.avro.format..",
                            // the broker-backed store talks to the cluster through the public client API
                            "io.sluice.mq.client..",
                            "io.sluice.mq.common..",
                            "io.sluice.mq.protocol.json..",
                            "io.sluice.mq.protocol..",
                            "org.slf4j..")
                    .or(JavaClass.Predicates.equivalentTo(AvroSerdeException.class)));
}

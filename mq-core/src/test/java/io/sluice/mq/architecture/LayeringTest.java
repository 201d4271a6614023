package io.sluice.mq.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The package rules of STYLE.md 2.3, checked on the production classes. */
class LayeringTest {

    private static JavaClasses classes;

    @BeforeAll
    static void importClasses() {
        classes = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_JARS)
                .importPackages("io.sluice.mq");
    }

    @Test
    void commonDependsOnNothingElseOfOurs() {
        noClasses()
                .that()
                .resideInAPackage("io.sluice.mq.common..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(
                        "io.sluice.mq.store..",
                        "io.sluice.mq.protocol..",
                        "io.sluice.mq.client..",
                        "io.sluice.mq.broker..",
                        "io.sluice.mq.namesrv..")
                .check(classes);
    }

    @Test
    void filterLanguageDependsOnNothingElseOfOurs() {
        noClasses()
                .that()
                .resideInAPackage("io.sluice.mq.filter..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(
                        "io.netty..",
                        "io.sluice.mq.common..",
                        "io.sluice.mq.protocol..",
                        "io.sluice.mq.remoting..",
                        "io.sluice.mq.store..",
                        "io.sluice.mq.client..",
                        "io.sluice.mq.broker..",
                        "io.sluice.mq.namesrv..")
                .check(classes);
    }

    @Test
    void protocolIsDataOnlyAndImportsOnlyCommon() {
        noClasses()
                .that()
                .resideInAPackage("io.sluice.mq.protocol..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(
                        "io.netty..",
                        "io.sluice.mq.remoting..",
                        "io.sluice.mq.store..",
                        "io.sluice.mq.client..",
                        "io.sluice.mq.broker..",
                        "io.sluice.mq.namesrv..")
                .check(classes);
    }

    @Test
    void transportKnowsNothingOfClientsOrServers() {
        noClasses()
                .that()
                .resideInAPackage("io.sluice.mq.remoting..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(
                        "io.sluice.mq.store..",
                        "io.sluice.mq.client..",
                        "io.sluice.mq.broker..",
                        "io.sluice.mq.namesrv..")
                .check(classes);
    }

    @Test
    void storeImportsNoNetworkCode() {
        noClasses()
                .that()
                .resideInAPackage("io.sluice.mq.store..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(
                        "io.netty..",
                        "io.sluice.mq.protocol..",
                        "io.sluice.mq.remoting..",
                        "io.sluice.mq.client..",
                        "io.sluice.mq.broker..",
                        "io.sluice.mq.namesrv..")
                .check(classes);
    }

    @Test
    void clientNeverImportsTheStoreOrTheServers() {
        noClasses()
                .that()
                .resideInAPackage("io.sluice.mq.client..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage("io.sluice.mq.store..", "io.sluice.mq.broker..", "io.sluice.mq.namesrv..")
                .allowEmptyShould(true)
                .check(classes);
    }

    @Test
    void storeInternalsAreNotReachedFromOutsideTheStore() {
        noClasses()
                .that()
                .resideOutsideOfPackage("io.sluice.mq.store..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(
                        "io.sluice.mq.store.log..", "io.sluice.mq.store.index..", "io.sluice.mq.store.offset..")
                .allowEmptyShould(true)
                .check(classes);
    }

    @Test
    void nameServerNeverImportsTheStoreTheBrokerOrTheClient() {
        noClasses()
                .that()
                .resideInAPackage("io.sluice.mq.namesrv..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage("io.sluice.mq.store..", "io.sluice.mq.broker..", "io.sluice.mq.client..")
                .check(classes);
    }

    @Test
    void brokerNeverImportsTheNameServerOrTheClient() {
        noClasses()
                .that()
                .resideInAPackage("io.sluice.mq.broker..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage("io.sluice.mq.namesrv..", "io.sluice.mq.client..", "io.sluice.mq.standalone..")
                .check(classes);
    }

    @Test
    void onlyTheStandaloneClusterAndTheCommandLineStartTheNameServer() {
        noClasses()
                .that()
                .resideOutsideOfPackages(
                        "io.sluice.mq.standalone..", "io.sluice.mq.namesrv..", "io.sluice.mq.launcher..")
                .should()
                .dependOnClassesThat()
                .resideInAPackage("io.sluice.mq.namesrv..")
                .check(classes);
    }

    @Test
    void longPollingKnowsNothingOfPullsOrTheStore() {
        noClasses()
                .that()
                .resideInAPackage("io.sluice.mq.broker.longpoll..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage("io.sluice.mq.store..", "io.sluice.mq.broker.pull..", "io.sluice.mq.protocol..")
                .check(classes);
    }
}

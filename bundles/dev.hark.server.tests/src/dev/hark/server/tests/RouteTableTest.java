package dev.hark.server.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.eclipse.jetty.http.HttpTester;
import org.eclipse.jetty.server.LocalConnector;
import org.eclipse.jetty.server.Server;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.google.gson.JsonObject;

import dev.hark.protocol.ProtocolException;
import dev.hark.protocol.rest.Message;
import dev.hark.server.rest.HttpError;
import dev.hark.server.rest.RouteTable;
import dev.hark.training.TrainingException;
import dev.hark.testing.RunningServer;

/** The route table on its own: Jetty's path mappings, method dispatch, 404/405 and error bodies, over a local connector. */
class RouteTableTest {

    private Server jetty;
    private LocalConnector local;

    @BeforeEach
    void start() throws Exception {
        RouteTable table = RouteTable.of(List.of(routes -> {
            routes.resource("/api/things").get(x -> x.reply(new Message("all things"))).post(x -> x.reply(x.body(Message.class)));
            routes.resource("/api/things/{name}").get(x -> x.reply(new Message("thing " + x.pathParam("name"))))
                    .delete(x -> {
                        throw TrainingException.conflict("thing " + x.pathParam("name") + " is busy");
                    });
            routes.resource("/api/things/special").get(x -> x.reply(new Message("the special one")));
            routes.resource("/api/broken").get(x -> {
                throw new IllegalStateException("bug");
            }).post(x -> {
                throw HttpError.unavailable("come back later");
            });
        }, routes -> routes.resource("/api/things").delete(x -> x.reply(new Message("a second contribution's method")))));
        jetty = new Server();
        local = new LocalConnector(jetty);
        jetty.addConnector(local);
        jetty.setHandler(table.handler());
        jetty.start();
    }

    @AfterEach
    void stop() throws Exception {
        jetty.stop();
    }

    private HttpTester.Response send(String method, String path, String body) throws Exception {
        String request = method + " " + path + " HTTP/1.1\r\nHost: test\r\nConnection: close\r\n"
                + (body == null ? "" : "Content-Type: application/json\r\nContent-Length: " + body.getBytes("UTF-8").length + "\r\n")
                + "\r\n" + (body == null ? "" : body);
        return HttpTester.parseResponse(local.getResponse(request));
    }

    private static String detail(HttpTester.Response r) {
        JsonObject o = RunningServer.json(r.getContent());
        return o.get("detail").getAsString();
    }

    @Test
    void exactPathsTemplatesAndMethodsRoute() throws Exception {
        assertEquals("all things", RunningServer.json(send("GET", "/api/things", null).getContent()).get("message").getAsString());
        assertEquals("posted", RunningServer.json(send("POST", "/api/things", "{\"message\":\"posted\"}").getContent())
                .get("message").getAsString());
        assertEquals("thing t-1", RunningServer.json(send("GET", "/api/things/t-1", null).getContent()).get("message").getAsString());
        assertEquals("the special one", RunningServer.json(send("GET", "/api/things/special", null).getContent()).get("message").getAsString(),
                "an exact path wins over a template");
        assertEquals(200, send("DELETE", "/api/things", null).getStatus(), "two contributions add methods to one resource");
    }

    @Test
    void unknownPathsAre404AndWrongMethods405() throws Exception {
        HttpTester.Response none = send("GET", "/api/nothing", null);
        assertEquals(404, none.getStatus());
        assertEquals("no route GET /api/nothing", detail(none));
        assertEquals(404, send("GET", "/api/things/a/b", null).getStatus(), "a variable is one segment");
        HttpTester.Response wrong = send("PUT", "/api/things", null);
        assertEquals(405, wrong.getStatus());
        assertEquals("GET, POST, DELETE", wrong.get("Allow"));
        assertTrue(detail(wrong).contains("PUT"), detail(wrong));
        assertTrue(wrong.get("Content-Type").startsWith("application/json"));
    }

    @Test
    void endpointFailuresAreMappedToStatusesWithADetail() throws Exception {
        HttpTester.Response conflict = send("DELETE", "/api/things/t-2", null);
        assertEquals(409, conflict.getStatus());
        assertEquals("thing t-2 is busy", detail(conflict));
        HttpTester.Response badJson = send("POST", "/api/things", "{\"message\": ");
        assertEquals(400, badJson.getStatus());
        assertTrue(detail(badJson).startsWith("invalid JSON"), detail(badJson));
        HttpTester.Response bug = send("GET", "/api/broken", null);
        assertEquals(500, bug.getStatus());
        assertTrue(detail(bug).startsWith("internal error: java.lang.IllegalStateException"), detail(bug));
        assertEquals(503, send("POST", "/api/broken", null).getStatus());
    }

    @Test
    void matchTellsHowARequestWouldRoute() {
        RouteTable table = new RouteTable();
        table.resource("/api/a/{x}").get(x -> {
        });
        assertEquals(new RouteTable.Match(200, "/api/a/{x}", java.util.Set.of("GET")), table.match("GET", "/api/a/1"));
        assertEquals(405, table.match("POST", "/api/a/1").status());
        assertEquals(404, table.match("GET", "/api/b").status());
    }

    @Test
    void aMethodContributedTwiceIsRefused() {
        RouteTable table = new RouteTable();
        table.resource("/api/a").get(x -> {
        });
        assertThrows(IllegalStateException.class, () -> table.resource("/api/a").get(x -> {
        }));
    }

    @Test
    void protocolExceptionsAreBadRequests() {
        assertEquals(400, dev.hark.server.rest.ErrorMapping.status(new ProtocolException("bad_json", "x")));
    }
}

namespace Mnemo.Server.Commands;

/// <summary>
/// COMMAND DOCS data: summary, first Redis version and group of every Redis command Mnemo may
/// register (a command missing here is documented with its name and the group <c>generic</c>).
/// </summary>
internal static class CommandDocs
{
    public sealed record Doc(string Summary, string Since, string Group);

    private static readonly Dictionary<string, Doc> Docs = Parse(
        """
        get|string|1.0.0|Returns the string value of a key.
        set|string|1.0.0|Sets the string value of a key, ignoring its type. The key is created if it doesn't exist.
        setnx|string|1.0.0|Set the string value of a key only when the key doesn't exist.
        setex|string|2.0.0|Sets the string value and expiration time of a key. Creates the key if it doesn't exist.
        psetex|string|2.6.0|Sets both string value and expiration time in milliseconds of a key. The key is created if it doesn't exist.
        getset|string|1.0.0|Returns the previous string value of a key after setting it to a new value.
        getdel|string|6.2.0|Returns the string value of a key after deleting the key.
        getex|string|6.2.0|Returns the string value of a key after setting its expiration time.
        mget|string|1.0.0|Atomically returns the string values of one or more keys.
        mset|string|1.0.1|Atomically creates or modifies the string values of one or more keys.
        msetnx|string|1.0.1|Atomically modifies the string values of one or more keys only when all keys don't exist.
        append|string|2.0.0|Appends a string to the value of a key. Creates the key if it doesn't exist.
        strlen|string|2.2.0|Returns the length of a string value.
        getrange|string|2.4.0|Returns a substring of the string stored at a key.
        substr|string|1.0.0|Returns a substring from a string value.
        setrange|string|2.2.0|Overwrites a part of a string value with another by an offset. Creates the key if it doesn't exist.
        incr|string|1.0.0|Increments the integer value of a key by one. Uses 0 as initial value if the key doesn't exist.
        decr|string|1.0.0|Decrements the integer value of a key by one. Uses 0 as initial value if the key doesn't exist.
        incrby|string|1.0.0|Increments the integer value of a key by a number. Uses 0 as initial value if the key doesn't exist.
        decrby|string|1.0.0|Decrements a number from the integer value of a key. Uses 0 as initial value if the key doesn't exist.
        incrbyfloat|string|2.6.0|Increment the floating point value of a key by a number. Uses 0 as initial value if the key doesn't exist.
        lcs|string|7.0.0|Finds the longest common substring.
        setbit|bitmap|2.2.0|Sets or clears the bit at offset of the string value. Creates the key if it doesn't exist.
        getbit|bitmap|2.2.0|Returns a bit value by offset.
        bitcount|bitmap|2.6.0|Counts the number of set bits (population counting) in a string.
        bitpos|bitmap|2.8.7|Finds the first set (1) or clear (0) bit in a string.
        bitop|bitmap|2.6.0|Performs bitwise operations on multiple strings, and stores the result.
        bitfield|bitmap|3.2.0|Performs arbitrary bitfield integer operations on strings.
        bitfield_ro|bitmap|6.0.0|Performs arbitrary read-only bitfield integer operations on strings.
        del|generic|1.0.0|Deletes one or more keys.
        unlink|generic|4.0.0|Asynchronously deletes one or more keys.
        exists|generic|1.0.0|Determines whether one or more keys exist.
        touch|generic|3.2.1|Returns the number of existing keys out of those specified after updating the time they were last accessed.
        type|generic|1.0.0|Determines the type of value stored at a key.
        keys|generic|1.0.0|Returns all key names that match a pattern.
        scan|generic|2.8.0|Iterates over the key names in the database.
        randomkey|generic|1.0.0|Returns a random key name from the database.
        rename|generic|1.0.0|Renames a key and overwrites the destination.
        renamenx|generic|1.0.0|Renames a key only when the target key name doesn't exist.
        copy|generic|6.2.0|Copies the value of a key to a new key.
        move|generic|1.0.0|Moves a key to another database.
        expire|generic|1.0.0|Sets the expiration time of a key in seconds.
        pexpire|generic|2.6.0|Sets the expiration time of a key in milliseconds.
        expireat|generic|1.2.0|Sets the expiration time of a key to a Unix timestamp.
        pexpireat|generic|2.6.0|Sets the expiration time of a key to a Unix milliseconds timestamp.
        expiretime|generic|7.0.0|Returns the expiration time of a key as a Unix timestamp.
        pexpiretime|generic|7.0.0|Returns the expiration time of a key as a Unix milliseconds timestamp.
        ttl|generic|1.0.0|Returns the expiration time in seconds of a key.
        pttl|generic|2.6.0|Returns the expiration time in milliseconds of a key.
        persist|generic|2.2.0|Removes the expiration time of a key.
        object|generic|2.2.3|A container for object introspection commands.
        dump|generic|2.6.0|Returns a serialized representation of the value stored at a key.
        restore|generic|2.6.0|Creates a key from the serialized representation of a value.
        sort|generic|1.0.0|Sorts the elements in a list, a set, or a sorted set, optionally storing the result.
        sort_ro|generic|7.0.0|Returns the sorted elements of a list, a set, or a sorted set.
        wait|generic|3.0.0|Blocks until the asynchronous replication of all preceding write commands sent by the connection is completed.
        lpush|list|1.0.0|Prepends one or more elements to a list. Creates the key if it doesn't exist.
        rpush|list|1.0.0|Appends one or more elements to a list. Creates the key if it doesn't exist.
        lpushx|list|2.2.0|Prepends one or more elements to a list only when the list exists.
        rpushx|list|2.2.0|Appends an element to a list only when the list exists.
        lpop|list|1.0.0|Returns the first elements in a list after removing it. Deletes the list if the last element was popped.
        rpop|list|1.0.0|Returns and removes the last elements of a list. Deletes the list if the last element was popped.
        llen|list|1.0.0|Returns the length of a list.
        lrange|list|1.0.0|Returns a range of elements from a list.
        lindex|list|1.0.0|Returns an element from a list by its index.
        lset|list|1.0.0|Sets the value of an element in a list by its index.
        linsert|list|2.2.0|Inserts an element before or after another element in a list.
        lrem|list|1.0.0|Removes elements from a list. Deletes the list if the last element was removed.
        ltrim|list|1.0.0|Removes elements from both ends a list. Deletes the list if all elements were trimmed.
        lpos|list|6.0.6|Returns the index of matching elements in a list.
        lmove|list|6.2.0|Returns an element after popping it from one list and pushing it to another. Deletes the list if the last element was moved.
        rpoplpush|list|1.2.0|Returns the last element of a list after removing and pushing it to another list. Deletes the list if the last element was popped.
        lmpop|list|7.0.0|Returns multiple elements from a list after removing them. Deletes the list if the last element was popped.
        blpop|list|2.0.0|Removes and returns the first element in a list. Blocks until an element is available otherwise. Deletes the list if the last element was popped.
        brpop|list|2.0.0|Removes and returns the last element in a list. Blocks until an element is available otherwise. Deletes the list if the last element was popped.
        blmove|list|6.2.0|Pops an element from a list, pushes it to another list and returns it. Blocks until an element is available otherwise. Deletes the list if the last element was moved.
        brpoplpush|list|2.2.0|Pops an element from a list, pushes it to another list and returns it. Block until an element is available otherwise. Deletes the list if the last element was popped.
        blmpop|list|7.0.0|Pops the first element from one of multiple lists. Blocks until an element is available otherwise. Deletes the list if the last element was popped.
        sadd|set|1.0.0|Adds one or more members to a set. Creates the key if it doesn't exist.
        srem|set|1.0.0|Removes one or more members from a set. Deletes the set if the last member was removed.
        smembers|set|1.0.0|Returns all members of a set.
        sismember|set|1.0.0|Determines whether a member belongs to a set.
        smismember|set|6.2.0|Determines whether multiple members belong to a set.
        scard|set|1.0.0|Returns the number of members in a set.
        spop|set|1.0.0|Returns one or more random members from a set after removing them. Deletes the set if the last member was popped.
        srandmember|set|1.0.0|Get one or multiple random members from a set
        smove|set|1.0.0|Moves a member from one set to another.
        sinter|set|1.0.0|Returns the intersect of multiple sets.
        sintercard|set|7.0.0|Returns the number of members of the intersect of multiple sets.
        sinterstore|set|1.0.0|Stores the intersect of multiple sets in a key.
        sunion|set|1.0.0|Returns the union of multiple sets.
        sunionstore|set|1.0.0|Stores the union of multiple sets in a key.
        sdiff|set|1.0.0|Returns the difference of multiple sets.
        sdiffstore|set|1.0.0|Stores the difference of multiple sets in a key.
        sscan|set|2.8.0|Iterates over members of a set.
        hset|hash|2.0.0|Creates or modifies the value of a field in a hash.
        hsetnx|hash|2.0.0|Sets the value of a field in a hash only when the field doesn't exist.
        hmset|hash|2.0.0|Sets the values of multiple fields.
        hget|hash|2.0.0|Returns the value of a field in a hash.
        hmget|hash|2.0.0|Returns the values of all fields in a hash.
        hdel|hash|2.0.0|Deletes one or more fields and their values from a hash. Deletes the hash if no fields remain.
        hexists|hash|2.0.0|Determines whether a field exists in a hash.
        hlen|hash|2.0.0|Returns the number of fields in a hash.
        hstrlen|hash|3.2.0|Returns the length of the value of a field.
        hkeys|hash|2.0.0|Returns all fields in a hash.
        hvals|hash|2.0.0|Returns all values in a hash.
        hgetall|hash|2.0.0|Returns all fields and values in a hash.
        hincrby|hash|2.0.0|Increments the integer value of a field in a hash by a number. Uses 0 as initial value if the field doesn't exist.
        hincrbyfloat|hash|2.6.0|Increments the floating point value of a field by a number. Uses 0 as initial value if the field doesn't exist.
        hrandfield|hash|6.2.0|Returns one or more random fields from a hash.
        hscan|hash|2.8.0|Iterates over fields and values of a hash.
        zadd|sorted_set|1.2.0|Adds one or more members to a sorted set, or updates their scores. Creates the key if it doesn't exist.
        zincrby|sorted_set|1.2.0|Increments the score of a member in a sorted set.
        zrem|sorted_set|1.2.0|Removes one or more members from a sorted set. Deletes the sorted set if all members were removed.
        zcard|sorted_set|1.2.0|Returns the number of members in a sorted set.
        zcount|sorted_set|2.0.0|Returns the count of members in a sorted set that have scores within a range.
        zlexcount|sorted_set|2.8.9|Returns the number of members in a sorted set within a lexicographical range.
        zscore|sorted_set|1.2.0|Returns the score of a member in a sorted set.
        zmscore|sorted_set|6.2.0|Returns the score of one or more members in a sorted set.
        zrank|sorted_set|2.0.0|Returns the index of a member in a sorted set ordered by ascending scores.
        zrevrank|sorted_set|2.0.0|Returns the index of a member in a sorted set ordered by descending scores.
        zrange|sorted_set|1.2.0|Returns members in a sorted set within a range of indexes.
        zrangestore|sorted_set|6.2.0|Stores a range of members from sorted set in a key.
        zrevrange|sorted_set|1.2.0|Returns members in a sorted set within a range of indexes in reverse order.
        zrangebyscore|sorted_set|1.0.5|Returns members in a sorted set within a range of scores.
        zrevrangebyscore|sorted_set|2.2.0|Returns members in a sorted set within a range of scores in reverse order.
        zrangebylex|sorted_set|2.8.9|Returns members in a sorted set within a lexicographical range.
        zrevrangebylex|sorted_set|2.8.9|Returns members in a sorted set within a lexicographical range in reverse order.
        zremrangebyrank|sorted_set|2.0.0|Removes members in a sorted set within a range of indexes. Deletes the sorted set if all members were removed.
        zremrangebyscore|sorted_set|1.2.0|Removes members in a sorted set within a range of scores. Deletes the sorted set if all members were removed.
        zremrangebylex|sorted_set|2.8.9|Removes members in a sorted set within a lexicographical range. Deletes the sorted set if all members were removed.
        zpopmin|sorted_set|5.0.0|Returns the lowest-scoring members from a sorted set after removing them. Deletes the sorted set if the last member was popped.
        zpopmax|sorted_set|5.0.0|Returns the highest-scoring members from a sorted set after removing them. Deletes the sorted set if the last member was popped.
        bzpopmin|sorted_set|5.0.0|Removes and returns the member with the lowest score from one or more sorted sets. Blocks until a member available otherwise. Deletes the sorted set if the last element was popped.
        bzpopmax|sorted_set|5.0.0|Removes and returns the member with the highest score from one or more sorted sets. Blocks until a member available otherwise. Deletes the sorted set if the last element was popped.
        zmpop|sorted_set|7.0.0|Returns the highest- or lowest-scoring members from one or more sorted sets after removing them. Deletes the sorted set if the last member was popped.
        bzmpop|sorted_set|7.0.0|Removes and returns a member by score from one or more sorted sets. Blocks until a member is available otherwise. Deletes the sorted set if the last element was popped.
        zrandmember|sorted_set|6.2.0|Returns one or more random members from a sorted set.
        zunion|sorted_set|6.2.0|Returns the union of multiple sorted sets.
        zunionstore|sorted_set|2.0.0|Stores the union of multiple sorted sets in a key.
        zinter|sorted_set|6.2.0|Returns the intersect of multiple sorted sets.
        zintercard|sorted_set|7.0.0|Returns the number of members of the intersect of multiple sorted sets.
        zinterstore|sorted_set|2.0.0|Stores the intersect of multiple sorted sets in a key.
        zdiff|sorted_set|6.2.0|Returns the difference between multiple sorted sets.
        zdiffstore|sorted_set|6.2.0|Stores the difference of multiple sorted sets in a key.
        zscan|sorted_set|2.8.0|Iterates over members and scores of a sorted set.
        ping|connection|1.0.0|Returns the server's liveliness response.
        echo|connection|1.0.0|Returns the given string.
        select|connection|1.0.0|Changes the selected database.
        quit|connection|1.0.0|Closes the connection.
        auth|connection|1.0.0|Authenticates the connection.
        hello|connection|6.0.0|Handshakes with the Redis server.
        reset|connection|6.2.0|Resets the connection.
        client|connection|2.4.0|A container for client connection commands.
        client|id|connection|5.0.0|Returns the unique client ID of the connection.
        client|setname|connection|2.6.9|Sets the connection name.
        client|getname|connection|2.6.9|Returns the name of the connection.
        client|list|connection|2.4.0|Lists open connections.
        client|info|connection|6.2.0|Returns information about the connection.
        client|kill|connection|2.4.0|Terminates open connections.
        client|pause|connection|3.0.0|Suspends commands processing.
        client|unpause|connection|6.2.0|Resumes processing commands from paused clients.
        client|no-evict|connection|7.0.0|Sets the client eviction mode of the connection.
        client|no-touch|connection|7.2.0|Controls whether commands sent by the client affect the LRU/LFU of accessed keys.
        client|reply|connection|3.2.0|Instructs the server whether to reply to commands.
        client|setinfo|connection|7.2.0|Sets information specific to the client or connection.
        client|help|connection|5.0.0|Returns helpful text about the different subcommands.
        multi|transactions|1.2.0|Starts a transaction.
        exec|transactions|1.2.0|Executes all commands in a transaction.
        discard|transactions|2.0.0|Discards a transaction.
        watch|transactions|2.2.0|Monitors changes to keys to determine the execution of a transaction.
        unwatch|transactions|2.2.0|Forgets about watched keys of a transaction.
        command|server|2.8.13|Returns detailed information about all commands.
        command|count|server|2.8.13|Returns a count of commands.
        command|docs|server|7.0.0|Returns documentary information about one, multiple or all commands.
        command|getkeys|server|2.8.13|Extracts the key names from an arbitrary command.
        command|info|server|2.8.13|Returns information about one, multiple or all commands.
        command|list|server|7.0.0|Returns a list of command names.
        command|help|server|5.0.0|Returns helpful text about the different subcommands.
        config|server|2.0.0|A container for server configuration commands.
        config|get|server|2.0.0|Returns the effective values of configuration parameters.
        config|set|server|2.0.0|Sets configuration parameters in-flight.
        config|resetstat|server|2.0.0|Resets the server's statistics.
        config|rewrite|server|2.8.0|Persists the effective configuration to file.
        config|help|server|5.0.0|Returns helpful text about the different subcommands.
        info|server|1.0.0|Returns information and statistics about the server.
        time|server|2.6.0|Returns the server time.
        dbsize|server|1.0.0|Returns the number of keys in the database.
        flushdb|server|1.0.0|Remove all keys from the current database.
        flushall|server|1.0.0|Removes all keys from all databases.
        swapdb|server|4.0.0|Swaps two Redis databases.
        shutdown|server|1.0.0|Synchronously saves the database(s) to disk and shuts down the Redis server.
        debug|server|1.0.0|A container for debugging commands.
        monitor|server|1.0.0|Listens for all requests received by the server in real-time.
        slowlog|server|2.2.12|A container for slow log commands.
        slowlog|get|server|2.2.12|Returns the slow log's entries.
        slowlog|len|server|2.2.12|Returns the number of entries in the slow log.
        slowlog|reset|server|2.2.12|Clears all entries from the slow log.
        slowlog|help|server|6.2.0|Show helpful text about the different subcommands
        latency|server|2.8.13|A container for latency diagnostics commands.
        latency|latest|server|2.8.13|Returns the latest latency samples for all events.
        latency|history|server|2.8.13|Returns timestamp-latency samples for an event.
        latency|reset|server|2.8.13|Resets the latency data for one or more events.
        latency|doctor|server|2.8.13|Returns a human-readable latency analysis report.
        latency|graph|server|2.8.13|Returns a latency graph for an event.
        latency|help|server|2.8.13|Returns helpful text about the different subcommands.
        lastsave|server|1.0.0|Returns the Unix timestamp of the last successful save to disk.
        save|server|1.0.0|Synchronously saves the database(s) to disk.
        bgsave|server|1.0.0|Asynchronously saves the database(s) to disk.
        bgrewriteaof|server|1.0.0|Asynchronously rewrites the append-only file to disk.
        subscribe|pubsub|2.0.0|Listens for messages published to channels.
        unsubscribe|pubsub|2.0.0|Stops listening to messages posted to channels.
        psubscribe|pubsub|2.0.0|Listens for messages published to channels that match one or more patterns.
        punsubscribe|pubsub|2.0.0|Stops listening to messages published to channels that match one or more patterns.
        publish|pubsub|2.0.0|Posts a message to a channel.
        pubsub|pubsub|2.8.0|A container for Pub/Sub commands.
        pubsub|channels|pubsub|2.8.0|Returns the active channels.
        pubsub|numsub|pubsub|2.8.0|Returns a count of subscribers to channels.
        pubsub|numpat|pubsub|2.8.0|Returns a count of unique pattern subscriptions.
        pubsub|help|pubsub|6.2.0|Returns helpful text about the different subcommands.
        json.set|json|1.0.0|Sets or updates the JSON value at a path.
        json.get|json|1.0.0|Gets the value at one or more paths in JSON serialized form.
        json.mget|json|1.0.0|Returns the values at a path from one or more keys.
        json.del|json|1.0.0|Deletes a value.
        json.forget|json|1.0.0|Deletes a value.
        json.type|json|1.0.0|Returns the type of the JSON value at path.
        json.resp|json|1.0.0|Returns the JSON value at path in Redis Serialization Protocol (RESP).
        json.numincrby|json|1.0.0|Increments the numeric value at path by a value.
        json.nummultby|json|1.0.0|Multiplies the numeric value at path by a value.
        json.strappend|json|1.0.0|Appends a string to a JSON string value at path.
        json.strlen|json|1.0.0|Returns the length of the JSON String at path in key.
        json.toggle|json|2.0.0|Toggles a boolean value.
        json.clear|json|2.0.0|Clears all values from an array or an object and sets numeric values to `0`.
        json.objkeys|json|1.0.0|Returns the JSON keys of the object at path.
        json.objlen|json|1.0.0|Returns the number of keys of the object at path.
        json.arrappend|json|1.0.0|Appends one or more JSON values to the array at path.
        json.arrinsert|json|1.0.0|Inserts the JSON scalar(s) value at the specified index in the array at path.
        json.arrlen|json|1.0.0|Returns the length of the array at path.
        json.arrpop|json|1.0.0|Removes and returns the element at the specified index in the array at path.
        json.arrindex|json|1.0.0|Returns the index of the first occurrence of a JSON scalar value in the array at path.
        json.arrtrim|json|1.0.0|Trims the array at path to contain only the specified inclusive range of indices.
        ft.create|search|1.0.0|Creates an index with the given spec.
        ft.search|search|1.0.0|Searches the index with a textual query, returning either documents or just ids.
        ft.dropindex|search|2.0.0|Deletes the index.
        ft.info|search|1.0.0|Returns information and statistics on the index.
        ft._list|search|2.0.0|Returns a list of all existing indexes.
        """);

    private static Dictionary<string, Doc> Parse(string text)
    {
        var docs = new Dictionary<string, Doc>(StringComparer.OrdinalIgnoreCase);
        foreach (var raw in text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var parts = raw.Split('|');
            // "container|sub|group|since|summary" or "name|group|since|summary"
            int n = parts.Length;
            string name = n == 5 ? parts[0] + "|" + parts[1] : parts[0];
            docs[name] = new Doc(parts[n - 1], parts[n - 2], parts[n - 3]);
        }
        return docs;
    }

    /// <summary>The command's documentation (by its full lowercase name).</summary>
    public static Doc For(CommandSpec spec) =>
        Docs.TryGetValue(spec.LowerName, out var doc) ? doc : new Doc(spec.Name.ToUpperInvariant() + " command.", "7.2.0", "generic");
}
